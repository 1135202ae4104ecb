package main

// editMarker is rewritten by the e2e tests to simulate a source-only change.
const editMarker = "original"
