// Package knowledge holds the government service records Dalil answers from.
//
// It sits at the bottom of the flow: transport -> bot -> intents -> knowledge.
// Every fact in a reply (a fee, a document, an office's hours) comes from a
// Service record loaded here; no other package invents or rewrites facts.
// Records are YAML files, one service per file named <id>.yaml, written and
// approved by editors in both Arabic and English.
//
// Load reads and validates a directory of records into an immutable Base;
// Validate reports every problem in such a directory at once, so an editor
// can fix a whole batch in one pass. Sample is the embedded sample base.
// ImportExamples and WriteDir turn labelled example questions (JSONL) into
// examples-only records that editors then complete.
//
// The package imports nothing else from Dalil.
package knowledge
