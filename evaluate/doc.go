// Package evaluate scores the real engine on labelled citizen questions and
// dialogs, in-process, with the same rules as the outside WebSocket client
// (../shared/tools/evalws): service top-1, out of scope, system intents,
// reply language, aspect, and dialogs fully right.
//
// It sits beside transport, on top of bot: it plays the part of a client.
package evaluate
