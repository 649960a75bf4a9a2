// Package storetest is the contract every bot.Store implementation must meet.
//
// It sits beside the conversation engine: bot declares the Store interface,
// memstore and redisstore implement it, and each of those packages runs Run
// from its own tests so both behave the same for the engine (not found,
// TTLs, transcript order and dedupe, the per-conversation lock). BenchTurn
// measures what one chat turn costs a store.
//
// It imports testing and is meant for _test.go files only.
package storetest
