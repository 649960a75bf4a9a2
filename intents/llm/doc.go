// Package llm is the LLM-backed intent layer: it sits in front of the local
// matcher, asks an OpenAI-compatible model (OpenAI, Azure OpenAI, vLLM,
// Ollama, llama.cpp server, …) only when the matcher is unsure, and can
// rephrase an approved answer into a conversational one.
//
// Flow: transport -> bot -> intents/llm -> intents -> knowledge. A
// Classifier wraps the local classifier and has the same Understand method,
// so bot uses it without knowing; Client.Rephrase implements bot's
// Rephraser. go-openai is imported here and nowhere else.
//
// The rules it keeps:
//   - the local result comes first and stands whenever the model is not
//     needed, not reachable, too slow, over budget, or says anything that
//     fails validation (a service that is not a candidate, an unknown
//     intent, malformed output);
//   - the model chooses among the candidate services it is shown and
//     phrases approved text; it never supplies a fact (bot checks every
//     number, duration, phone and link of a rephrased answer);
//   - citizen text is redacted (package redact) before any request leaves,
//     and travels only as delimited user content;
//   - every call has a deadline, retries only what can succeed on retry,
//     and stops behind a circuit breaker when the server keeps failing.
package llm
