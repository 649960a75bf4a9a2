// Package consolekit is what the two web consoles share: kit.js (the
// helpers $, el, t, say and api, the login form, the account line, the
// language toggle and the start-up, under one global, DalilKit) and
// kit.css (the page, the header, forms, cards and tables).
//
// It sits under the consoles, not in the conversation flow: editor and
// staff embed their own pages and call With, which lays kit.js and kit.css
// beside them, so each console serves the kit from its own folder
// (/console/kit.js, /staff/kit.js) and transport, which serves whatever
// fs.FS a console returns, needs no route of its own for it.
//
//	editor.Console(), staff.Console() -> consolekit.With -> transport
//
// kittest holds the checks both consoles' tests make: the catalog's two
// languages, the keys the pages use, and no data turned into markup.
package consolekit
