// Package bot runs conversations. Per citizen message it takes the
// conversation's lock, loads its state, asks the classifier what was meant,
// decides, renders the answer from the service record in the reply language
// (only the asked aspect when one is asked), appends both lines to the
// transcript and saves the state.
//
// Flow: transport -> bot -> intents -> knowledge. bot declares what it
// needs as small interfaces: Store (memstore, redisstore), Classifier
// (intents.Matcher or an LLM-backed one), Messages (locales).
package bot
