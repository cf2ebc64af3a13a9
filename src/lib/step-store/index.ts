export { currentStep, indexAtOrBefore, resetStepStores, StepStore, type StepOptions } from './step-store.svelte';
