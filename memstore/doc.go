// Package memstore is the in-process bot.Store: the zero-config default.
//
// In the flow it sits under the conversation engine: transport hands a turn
// to bot, and bot keeps the conversation state, the transcript and the
// per-conversation lock here between turns. Everything lives in this
// process's memory, so conversations are lost on restart and are not shared
// between instances; use redisstore when running more than one instance or
// when a restart must not end conversations.
//
// It passes the same contract suite as redisstore (bot/storetest). KB and
// Accounts are the in-process editor.Store and auth.Store (the knowledge
// base editors publish to, console accounts and sessions), for the same
// single-instance setting; they pass editor/storetest and auth/storetest.
// Staff (NewStaff) is the in-process staff.Store and the handoff's queue
// and notices; it passes staff/storetest.
package memstore
