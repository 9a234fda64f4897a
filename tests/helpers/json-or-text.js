// A test worker's answer body: its JSON, or its text when it is none (an error page, a plain-text refusal).

/** @param {Response} response */
export async function jsonOrText(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
