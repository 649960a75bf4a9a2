// Package staff is what support staff work with: the transcripts of
// citizens' conversations (listed, filtered, searched, flagged, tagged,
// annotated, exported), the questions the bot could not answer (grouped by
// similarity, to attach to a service or set aside), the live handoff
// (the queue, taking a conversation, chatting, handing it back) and the
// performance reports. It serves them as a JSON API under /api/staff/
// and an embedded console at /staff/.
//
// It sits beside the conversation flow: bot tells a Recorder (a
// bot.Observer) every step it stores, and the Recorder updates the index
// and the daily counters here, so listing and reporting never scan
// transcripts. Staff actions on a conversation go back through bot.Engine
// (Take, Say, Release), which holds the conversation's lock; the citizen's
// chat learns of them through notices (Redis pub/sub across instances)
// and reads them from the transcript, the record.
//
// Store is declared here and implemented by memstore (one instance) and
// redisstore (shared); both pass staff/storetest. Imports: staff -> bot
// -> intents -> knowledge; transport serves the API; cmd/dalil wires it.
package staff
