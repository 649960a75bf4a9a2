// Package locales holds Dalil's own words: the welcome text, small-talk
// replies, error texts, answer headings, currency names and counted phrases,
// in Arabic and English.
//
// Package bot uses a Catalog to render system messages and to frame the
// answers it builds from knowledge records (headings, fee and office lines,
// "٣ مستندات"). Facts about services never come from here: titles, fees,
// phones and documents are editor-approved text in package knowledge, and bot
// passes them in as template data unchanged.
//
// This is the only package that imports go-i18n, so its API (bundles,
// localizers, plural forms) stays out of bot. The message files are embedded,
// checked when New loads them (same IDs and template fields in both languages,
// every CLDR plural form present), and safe to read from many goroutines.
package locales
