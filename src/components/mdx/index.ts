// The authoring vocabulary available in every chapter without an import (passed to <Content
// components={mdxComponents} />). Widgets are imported in the MDX file itself.
import Aside from './Aside.astro';
import Cite from './Cite.astro';
import FigRef from './FigRef.astro';
import Figure from './Figure.astro';
import Sidenote from './Sidenote.astro';

export const mdxComponents = { Aside, Cite, FigRef, Figure, Sidenote };
