/** Reference for multiple-choice: the answer is the stated correct choice, which must be one of the choices. */
export function reference(given: Record<string, unknown>): Record<string, string> {
  const choices = given.choices as string[];
  const answer = given.answer as string;
  if (!choices.includes(answer)) throw new Error(`answer ${answer} is not a choice`);
  return { choice: answer };
}
