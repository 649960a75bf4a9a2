// Package redact removes personal data from citizen text before it leaves
// Dalil (the LLM layer) or is written down (transcripts).
//
// It sits beside the flow, not in it: bot and intents/llm call it, and it
// imports nothing from Dalil (nor anything outside the standard library).
//
// Text first folds the text (Fold: direction and other invisible format
// marks removed, Arabic-Indic, Persian and full-width digits turned into
// ASCII digits), so a number cannot hide behind another script or a mark,
// then replaces, in this order:
//
//   - e-mail addresses                                    -> [EMAIL]
//   - IBANs (country letters, check digits, account)      -> [IBAN]
//   - passport numbers: one or two letters and 6-9
//     digits (A12345678), or 6-9 digits shortly after the
//     word passport / جواز / باسبور (unless a valid
//     Palestinian id)                                      -> [PASSPORT]
//   - phone numbers: Egyptian mobiles (01[0125] + 8
//     digits, +20 / 0020 forms), Palestinian and Israeli
//     mobiles (05 + 8 digits, +970 / +972 forms),
//     landlines (0 + 7-10 digits) and any international
//     form (+ or 00, then 8-15 digits)                     -> [PHONE]
//   - Egyptian national ids: any 14-digit number           -> [ID]
//   - card numbers: 13-19 digits passing the Luhn check    -> [CARD]
//   - Palestinian ids: 9 digits passing the check digit    -> [ID]
//   - dates (12/05/1990, 1990-05-12)                       -> [DATE]
//   - any other number of 7 or more digits                 -> [NUMBER]
//
// Digit groups separated by single spaces, dashes, dots, slashes or
// parentheses ("059 912 3456", "(02) 298-1000") count as one number.
//
// The Palestinian id check digit: the nine digits d1..d9 are weighted
// 1,2,1,2,1,2,1,2,1 from the left, a product above 9 has 9 taken off
// (the sum of its digits), and the total must be a multiple of 10. It is
// the Luhn check over nine digits, the same rule as Israeli id numbers.
//
// The last rule is the safety net: a long number that fits none of the
// forms (a mistyped id, an application number, a bank account) is still
// removed, since nothing a citizen asks about a service needs it. Fees,
// years and counts are short and stay.
package redact
