// Package kittest holds the checks that the editors' and the staff
// console's tests both make of a console built on the console kit: its
// strings exist in Arabic and English with the same placeholders, every
// key the page uses (in index.html, kit.js and the console's own script)
// is in its catalog, the page loads the kit before its own files, and
// nothing turns data into markup or loads a resource from elsewhere.
//
// It is for tests only; editor and staff call Check from their
// TestConsoleStrings with what is their own (their script, the keys they
// complete at run time).
package kittest
