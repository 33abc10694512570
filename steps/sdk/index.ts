export { readRequest } from './read-request.js';
export { makeEmitter } from './emit.js';
export { runStep, StepInputError, type StepContext, type Level } from './step.js';
