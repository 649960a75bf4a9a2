// Package transport is Dalil's outermost layer: WebSocket and HTTP in, calls to
// the conversation engine (the Chat interface, implemented by package bot) in
// the middle, JSON frames out.
//
// It owns the chat wire protocol (shared/PROTOCOL.md, version 1, and the
// additions of docs/PROTOCOL.md, version 1.1: the live handoff frames and
// the rating), the HTTP routes (/ws, the embedded chat page under / and
// /static/, /healthz, /readyz, /metrics, and, when configured, the JSON API
// under /api/ guarded by auth.Require, the editors' console at /console/
// served from package editor and the staff console at /staff/ served from
// package staff)
// and graceful shutdown of hijacked WebSocket connections. It is the only
// package that imports gorilla/websocket; nothing imports transport except
// cmd/dalil.
//
// Flow of one citizen message:
//
//	reader goroutine: read frame -> rate limit -> validate -> per-connection queue
//	worker goroutine: typing frame -> Chat.Handle (delta frames) -> reply or error frame
//	writer goroutine: send queue -> socket, pings, idle timeout, close frames
//
// A staff member's message is not a turn of the chat: the instance where it
// was written stores it and publishes a notice (Config.Notices); every
// instance wakes the chats of that conversation, whose worker reads what is
// new from Chat.Live and sends agent_* and queue frames.
package transport
