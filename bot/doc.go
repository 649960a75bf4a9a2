// Package bot runs conversations. Per citizen message it takes the
// conversation's lock, loads its state, asks the classifier what was meant,
// decides, renders the answer from the service record in the reply language
// (only the asked aspect when one is asked), appends both lines to the
// transcript and saves the state.
//
// With a Desk it also runs the live handoff to a person (handoff.go): it
// offers one, queues the citizen, stays silent while a staff member holds
// the conversation (Take, Say, Release) and answers again after; every step
// is a transcript line, and an Observer (the staff package's Recorder) is
// told of each stored step.
//
// Flow: transport -> bot -> intents -> knowledge. bot declares what it
// needs as small interfaces: Store (memstore, redisstore), Classifier
// (intents.Matcher or an LLM-backed one), Messages (locales), and for the
// handoff Queue, Notifier and Observer.
package bot
