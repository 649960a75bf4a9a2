// Package intents understands citizen messages. It normalizes Arabic (one
// normalizer for knowledge-base text and questions alike), tells the script
// (Arabic, English, Arabizi, mixed), transliterates Arabizi onto the
// knowledge base's own words, corrects one-edit misspellings, detects the
// asked aspect (cue lists, and a small naive Bayes learned from an embedded
// corpus, aspects/*.txt, where they are silent or disagree) and the system
// intents (greeting, thanks, goodbye, handoff: cue lists, and a small softmax
// regression learned from system/*.txt for what they miss),
// and ranks services with a matcher built from the knowledge base at load
// time: a learned linear model fused with a nearest-neighbour index and
// service centroids. A calibrated confidence decides between answer,
// clarify and out of scope. docs/intents.md has the design and the figures.
//
// Flow: transport -> bot -> intents -> knowledge. bot calls a Classifier;
// the local Matcher is always there, and the LLM-backed classifier in
// intents/llm sits in front of it (it returns the same Result) without bot
// changing.
package intents
