/**
 * What the model knows of CPython itself, by release: where each stdlib frame
 * of a traceback is (line and text), the release each minor version's numbers
 * come from, and the file names tracebacks show. Facts only, without the
 * library's code: the page imports them for its code panel and tracebacks
 * without loading the model (which it loads when it runs something).
 */
export * from './files';
export * from './stdlib-lines';
