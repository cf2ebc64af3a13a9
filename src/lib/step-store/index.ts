export { currentStep, indexAtOrBefore, resetStepStores, StepStore, syncStep, type StepOptions } from './step-store.svelte';
