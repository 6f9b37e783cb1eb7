// src/terminal/terminal.ts: the live progress line's bytes. Its text (a state name from a server,
// a cloud name from a settings file) is made safe before the colour and the redraw are added, and
// it is cut to one row on what is shown.
import { describe, expect, it } from 'vitest';
import { liveLineBytes, plainText, type Span, type Terminal } from '../../../src/terminal/terminal.js';

const colour: Terminal = { live: true, colour: true, interactive: false, columns: 80 };
const plain: Terminal = { ...colour, colour: false };

describe('liveLineBytes', () => {
  it('colours the spans that ask for it, after the redraw', () => {
    const line: Span[] = [{ text: 'waiting 0:00:01  ' }, { text: 'SUCCESS', style: 'green' }];
    expect(liveLineBytes(colour, line)).toBe('\r\x1b[2Kwaiting 0:00:01  \x1b[32mSUCCESS\x1b[39m');
    expect(liveLineBytes(plain, line)).toBe('\r\x1b[2Kwaiting 0:00:01  SUCCESS');
    expect(liveLineBytes(plain, '')).toBe('\r\x1b[2K');
  });

  it('shows the control characters of the text: only the client its own sequences reach the terminal', () => {
    const line: Span[] = [{ text: 'evil\x1b]0;pwned\x07 ' }, { text: 'RUN\x1b[2J\x9bNING\r\b\x7f', style: 'cyan' }];
    expect(liveLineBytes(colour, line)).toBe('\r\x1b[2Kevil\\x1b]0;pwned\\x07 \x1b[36mRUN\\x1b[2J\\x9bNING\\r\\x08\\x7f\x1b[39m');
    expect(liveLineBytes(plain, 'a\x1bb')).toBe('\r\x1b[2Ka\\x1bb');
  });

  it('cuts a line longer than the terminal to one row, counting what is shown, colour or not', () => {
    const narrow: Terminal = { ...colour, columns: 20 };
    const line: Span[] = [{ text: 'waiting 0:00:01  ' }, { text: 'RUNNING', style: 'cyan' }, { text: ' tasks 1/2' }];
    expect(liveLineBytes({ ...narrow, colour: false }, line)).toBe('\r\x1b[2Kwaiting 0:00:01  R…');
    expect(liveLineBytes(narrow, line)).toBe('\r\x1b[2Kwaiting 0:00:01  \x1b[36mR\x1b[39m…');
    // An ESC shown as \x1b takes four columns, not zero.
    expect(liveLineBytes({ ...narrow, colour: false }, '\x1b\x1b\x1b\x1b\x1b\x1b')).toBe('\r\x1b[2K\\x1b\\x1b\\x1b\\x1b\\x…');
    expect(liveLineBytes({ ...narrow, colour: false }, 'x'.repeat(19))).toBe(`\r\x1b[2K${'x'.repeat(19)}`);
  });

  it('never cuts a surrogate pair in half', () => {
    const narrow: Terminal = { ...plain, columns: 6 };
    expect(liveLineBytes(narrow, 'abc😀def')).toBe('\r\x1b[2Kabc…');
  });
});

describe('plainText', () => {
  it('joins the spans without colour (the sanitising stderr shows their controls)', () => {
    expect(plainText([{ text: 'a ' }, { text: 'ERROR', style: 'red' }])).toBe('a ERROR');
    expect(plainText('x')).toBe('x');
  });
});
