// Typing a Delétang task's input: one key per input token, so an input fits in a text field and in a link.
//   binary tasks: 0 1          cycle navigation: l s r (move left −1, stay, right +1)
//   stack manipulation: 0 1 (the stack, bottom to top), p (POP), a (PUSH 0), b (PUSH 1)
//   binary addition: 0 1 . (the '+')
// Every key travels in a link as it is (the figure-state text alphabet: no '+', which a query reads as a space).
import { taskOf, type Problem } from './deletang-batch';

export function keysOf(problem: Problem): string {
  const id = taskOf(problem).id;
  if (id === 'cycle-navigation') return 'lsr';
  if (id === 'stack-manipulation') return '01pab';
  if (id === 'binary-addition') return '01.';
  return '01';
}

/** Every key any task uses (the figure link's alphabet). */
export const ALL_KEYS = '01lsrpab.';

/** Tokens of the typed keys; other characters are dropped. */
export function parseKeys(problem: Problem, text: string): Int32Array {
  const keys = keysOf(problem);
  return Int32Array.from([...text].map((c) => keys.indexOf(c)).filter((t) => t >= 0));
}

export function formatKeys(problem: Problem, tokens: ArrayLike<number>): string {
  const keys = keysOf(problem);
  return Array.from(tokens, (t) => keys[t]).join('');
}
