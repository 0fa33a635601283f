/** The document reader (address.ts), a chunk of its own: loaded by whatever sets a document. */
export const loadAddress = () => import('./address');
