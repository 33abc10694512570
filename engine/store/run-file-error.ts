/** A run-folder file that is damaged, unsafe (a symlink) or cannot be created: the user's to fix, exit 2. */
export class RunFileError extends Error {}
