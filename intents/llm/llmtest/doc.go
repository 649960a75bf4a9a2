// Package llmtest is a fake OpenAI-compatible server for tests: it speaks
// the real wire format (chat completions with tool calls or JSON-schema
// output, server-sent-event streams with usage, embeddings, OpenAI and
// Azure paths) and can be scripted to answer well, answer wrongly, fail,
// hang or cut a stream. It records every request body, so tests can assert
// what left Dalil.
//
// It sits outside the flow: only tests (intents/llm, cmd/dalil) import it,
// as bot/storetest serves the stores.
package llmtest
