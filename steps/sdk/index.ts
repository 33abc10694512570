export { readRequest } from './read-request.js';
export { makeEmitter, runStep, StepInputError, EXIT_INPUT, type StepContext, type Level, type WithDefaults } from './step.js';
