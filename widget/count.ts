// count.js: comment counts on the host's listing pages. Fills every element
// such as `<a href="…#comments" data-wirepost-count="ID">` with its thread's
// approved comments ("3 Comments", in the page's language), asking for up to
// 100 threads a request. An empty `data-wirepost-count` counts the thread of
// the page its href leads to (its default thread id).
import { commentCountFor } from "../src/domain/messages/catalogue.ts";
import { isCountId, threadIdForUrl } from "../src/domain/thread-ids.ts";
import { languageOf, scriptOrigin, whenReady } from "./dom.ts";

const API = scriptOrigin("count");
const PER_REQUEST = 100;

async function fillCounts(): Promise<void> {
  const elements = new Map<string, HTMLElement[]>();
  for (const element of document.querySelectorAll<HTMLElement>("[data-wirepost-count]")) {
    const id = element.dataset.wirepostCount || threadIdForUrl((element as HTMLAnchorElement).href ?? "");
    // The server refuses a request naming an id no thread can have: one typo must not blank the page's other counts.
    if (id && isCountId(id)) elements.set(id, [...(elements.get(id) ?? []), element]);
  }
  const ids = [...elements.keys()];
  for (let start = 0; start < ids.length; start += PER_REQUEST) {
    const query = ids
      .slice(start, start + PER_REQUEST)
      .map((id) => `thread=${encodeURIComponent(id)}`)
      .join("&");
    try {
      const response = await fetch(`${API}/api/counts?${query}`, { mode: "cors", credentials: "omit" });
      if (!response.ok) continue;
      const { counts } = (await response.json()) as { counts: Record<string, number> };
      for (const [id, count] of Object.entries(counts)) {
        for (const element of elements.get(id) ?? []) {
          element.textContent = commentCountFor(languageOf(element))(count);
          element.dataset.wirepostCounted = String(count);
        }
      }
    } catch {
      // The element keeps what the host wrote in it.
    }
  }
}

whenReady(() => void fillCounts());
