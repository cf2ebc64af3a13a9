// Lets .astro and .mdx files write our directives (src/lib/islands/deferred.ts, intent.ts) with type checking.
declare module 'astro' {
  interface AstroClientDirectives {
    /** `{ margin: '0px' }`: start only once on screen (default: 400px before), for what need not be live ahead. */
    'client:deferred'?: boolean | { margin?: string };
    'client:intent'?: boolean;
  }
}
export {};
