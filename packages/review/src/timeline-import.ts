// Filled in by the board work; see README.
export {};
