package knowledge

// LabelID is the service id ImportExamples gives a label (card_arrival ->
// card-arrival), so a benchmark can compare its test labels with ids.
func LabelID(label string) string { return labelID(label) }
