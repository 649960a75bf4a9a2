// Package editor is how service answers change: content editors draft a
// change to a service record, reviewers approve and publish it, and every
// instance of Dalil picks the published knowledge base up within a second.
//
// It sits beside the conversation flow and feeds it: transport routes the
// /api/ service endpoints (handlers in http.go) and the console (console/)
// here; Workflow keeps drafts and immutable published Versions in a Store
// (memstore for one instance, redisstore as the shared source of truth);
// Live watches the store and hands each new knowledge.Base to the engine
// (bot.Engine.SetKnowledge, wired by cmd/dalil), off the request path.
//
//	console / API -> Workflow -> Store <- Live -> knowledge.Base -> engine
//
// Rules a change must pass before it is published: the knowledge package's
// validation (missing language, malformed link, negative fee, unknown
// category, over-long text, markup), links that agree across the two
// languages, and bilingual review: editing one language of a text marks the
// other as needing review until someone edits or confirms it. Saves are
// optimistic (a stale revision gets ErrConflict with the current draft), and
// a reviewer cannot approve a change they submitted.
package editor
