// Package intents understands citizen messages: it normalizes Arabic
// (one normalizer for knowledge-base text and questions alike), tells the
// script (Arabic, English, Arabizi, mixed), transliterates Arabizi, detects
// the asked aspect and system intents, and ranks services with a local
// nearest-neighbour index built from the knowledge base at load time.
//
// Flow: transport -> bot -> intents -> knowledge. bot calls a Classifier;
// the local Matcher is always there, and an LLM-backed classifier can sit in
// front of it (it returns the same Result) without bot changing.
package intents
