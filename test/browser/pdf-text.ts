// The text of each page of a PDF that Chromium (Skia) printed, good enough to check that a handout says
// what it should. Skia writes one object per font with a /ToUnicode CMap, pages with inline /Font
// resources, and text as hex glyph strings in Tj/TJ; nothing more general is attempted.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1'); // one char per byte, so offsets match
  const out = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    const start = m.index + m[0].indexOf(body) + at + body.slice(at).match(/stream\r?\n/)![0].length;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
    let stream = pdf.subarray(start, start + length);
    if (/\/FlateDecode/.test(dict)) stream = inflateSync(stream);
    out.set(Number(m[1]), { dict, stream });
  }
  return out;
}

const utf16 = (hex: string) => {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s;
};

function cmap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(m[1].toUpperCase(), utf16(m[2]));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const list = m[3].startsWith('[') ? [...m[3].matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => utf16(x[1])) : null;
      const base = list ? 0 : parseInt(m[3].slice(1, -1), 16);
      for (let c = lo; c <= hi; c++) {
        const key = c.toString(16).toUpperCase().padStart(m[1].length, '0');
        map.set(key, list ? (list[c - lo] ?? '') : String.fromCharCode(base + c - lo));
      }
    }
  }
  return map;
}

/** The text of each page, in page order. */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const fonts = new Map<number, { width: number; map: Map<string, string> }>();
  const font = (n: number) => {
    if (!fonts.has(n)) {
      const dict = objs.get(n)?.dict ?? '';
      const ref = /\/ToUnicode (\d+) 0 R/.exec(dict)?.[1];
      const map = ref ? cmap(objs.get(Number(ref))?.stream?.toString('latin1') ?? '') : new Map<string, string>();
      fonts.set(n, { width: /\/Subtype \/Type0/.test(dict) ? 4 : 2, map });
    }
    return fonts.get(n)!;
  };
  const pagesObj = [...objs.values()].find((o) => /\/Type \/Pages/.test(o.dict));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pagesObj?.dict ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  return kids.map((k) => {
    const page = objs.get(k)?.dict ?? '';
    const names = new Map([...(/\/Font <<([^>]*)>>/.exec(page)?.[1] ?? '').matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1], Number(m[2])]));
    const contents = /\/Contents (\d+) 0 R/.exec(page)?.[1];
    const stream = objs.get(Number(contents))?.stream?.toString('latin1') ?? '';
    let current: { width: number; map: Map<string, string> } | undefined;
    let out = '';
    for (const m of stream.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|\bBT\b|(-?\d+(?:\.\d+)?)(?=[\s<\]])/g)) {
      if (m[1]) current = names.has(m[1]) ? font(names.get(m[1])!) : undefined;
      else if (m[0] === 'BT') out += ' ';
      else if (m[2] !== undefined && current) {
        for (let i = 0; i < m[2].length; i += current.width) out += current.map.get(m[2].slice(i, i + current.width).toUpperCase()) ?? '';
      }
    }
    return out;
  });
}

/** For comparing: no whitespace at all (line breaks and spacing depend on layout). */
export const squash = (s: string): string => s.replace(/\s+/g, '');
