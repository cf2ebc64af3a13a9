// Lets .astro and .mdx files write our directives (src/lib/islands/deferred.ts, intent.ts) with type checking.
declare module 'astro' {
  interface AstroClientDirectives {
    'client:deferred'?: boolean;
    'client:intent'?: boolean;
  }
}
export {};
