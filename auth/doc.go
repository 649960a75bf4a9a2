// Package auth holds the accounts of the people who run Dalil (content
// editors, reviewers, support staff, administrators), their sessions and the
// audit of who logged in and who changed whose role.
//
// It sits beside the conversation flow, not in it: transport wraps the
// /api/ routes with Require, and the packages behind those routes (editor,
// and the staff console) read the caller from the request context with
// From. Citizens never have accounts.
//
// Two kinds of credentials reach the same accounts: a bearer token for API
// clients (Authorization: Bearer …) and, for the browser console, a session
// cookie (HttpOnly, SameSite=Strict, Secure under TLS) whose unsafe requests
// must also carry the session's CSRF token in X-CSRF-Token. Tokens, session
// ids and passwords are stored only as hashes. Store is declared here and
// implemented by memstore (one instance) and redisstore (shared).
package auth
