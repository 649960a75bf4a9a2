// Package redisstore is the Redis bot.Store, for running several instances
// of the server or keeping conversations across restarts. It is the only
// package that imports go-redis.
//
// In the flow it sits under the conversation engine: transport hands a turn
// to bot, and bot locks the conversation, loads its state, saves it and
// appends the turn to the transcript here. cmd/dalil opens it when a Redis
// URL is configured (memstore otherwise) and uses Ping for /readyz.
//
// Keys of one conversation share the hash tag {id}, so they sit in one
// Redis Cluster slot and one Lua script can update them together:
//
//	<prefix>:{<id>}:state  the State as JSON, with the idle TTL
//	<prefix>:{<id>}:log    the transcript, a Stream; fields role, id, entry (JSON)
//	<prefix>:{<id>}:ids    set of role:id of the entries in the log, for dedupe
//	<prefix>:{<id>}:lock   random token of the turn holding the lock
//
// Failures to reach Redis match bot.ErrUnavailable. The store opens even
// when Redis is down and recovers by itself when it comes back.
//
// The same connections serve three more stores: KB (editor.Store, the
// published knowledge base, drafts and versions under the hash tag {kb},
// with publishes announced on pub/sub), Accounts (auth.Store: accounts,
// sessions, login failures and the audit) and Staff (staff.Store: the
// conversation index and search terms under {staff} and {<id>}, report
// counters, and bot.Queue and bot.Notifier of the live handoff, notices on
// pub/sub). Their key layouts are documented on the types. Staff.Erase
// deletes every key of a conversation, the ones above included.
package redisstore
