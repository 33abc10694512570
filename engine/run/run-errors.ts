/** The user asked for something impossible (bad run folder, changed plugins, existing run id): exit 2. */
export class RunInputError extends Error {}
