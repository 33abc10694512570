/** `[12:00:01] train ▸ attempt 1/3 started`: the console form of every log line. */
export function formatLine(options: { time: Date; message: string; state?: string; level: string }): string {
  const { time, message, state, level } = options;
  const clock = time.toTimeString().slice(0, 8);
  const tag = level === 'error' ? 'error: ' : level === 'warn' ? 'warning: ' : '';
  return `[${clock}] ${state ? `${state} ` : ''}▸ ${tag}${message}`;
}
