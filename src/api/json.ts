// What Mistral's answers are made of, once parsed: shared by the client and the list reader
// (src/api/list-answer.ts), which the client uses, so neither imports the other's types back.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Item = Record<string, Json>;
