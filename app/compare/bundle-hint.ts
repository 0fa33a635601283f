/**
 * A hint to the bundler, and nothing at run time: the modules that the page
 * and the embed share, imported here too, so that they stay in one chunk
 * with the ones the comparison shares with them. (Without it the bundler
 * splits what the page and the embed share into two chunks, and the page's
 * initial JavaScript grows by the cost of one more chunk.) Both importers of
 * the comparison have loaded these modules already.
 */
import 'vite/modulepreload-polyfill';
import '../components/EngineLine';
import '../embed/options';
import '../walkthrough/CodePanel';
import '../walkthrough/Console';
import '../walkthrough/Narration';
import '../walkthrough/stage/Stage';
import '../walkthrough/Timeline';
import '../walkthrough/use-step-keys';
