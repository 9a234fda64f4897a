// A Request whose body was already read, once, by the CSRF check (js/csrf.js): the handler reads the same bytes
// from memory instead of from a second stream. In workerd every body read goes through its stream machinery and
// costs ~15 µs whatever the body's size, and `request.clone()` tees the stream, which makes the check's read of
// the copy dearer still (issue 14: a form post with csrf on took 1.43x the cycle without it).
//
// text(), arrayBuffer(), bytes(), json() and formData() answer from the bytes; any one read may happen once, as on
// any Request (then bodyUsed is true and the next read rejects). `body` (a stream) and blob() are the platform's
// own, over a body made of the same bytes: a handler that streams it, or hands the request on (React Router
// rebuilds requests from `request.body`), gets those bytes at the platform's usual cost; clone() is another
// BufferedRequest over them. The two ways in stay one body: a read from the bytes leaves `body` used, and a
// reader holding `body` bars the reads and clone(), as on any Request (Fetch: a body "unusable").
//
// It is built from the request's parts (URL, method, headers, signal, redirect mode), not as
// `new Request(request, …)`: in workerd, copying a request the runtime received (its `cf` object and internal
// state) took ~21 µs against ~5 µs from its parts. `cf` is read from the received request, on demand; what the
// parts leave out is what a received request leaves at its defaults. `fetch(request)` forwards it without the
// incoming `cf`, which holds metadata (colo, country, TLS), not the options a subrequest's `cf` sets.

/** Body.text()'s decoding (Fetch "UTF-8 decode"): invalid sequences replaced, a leading BOM dropped. */
const utf8 = new TextDecoder();

/** The class, made on first use: in Node, the global Request is undici, loaded (and its WebAssembly HTTP parser
 * compiled) the first time it is touched, and importing the package must do no such work (workers-pitfalls 3.7). */
function defineBufferedRequest() {
  return class BufferedRequest extends Request {
    #bytes;
    #form;
    #received;
    #used = false;
    #stream = null; // the platform's stream of the bytes, once `body` was asked for

    /**
     * @param {Request} request the request whose body was read: its URL, method, headers, signal and redirect mode are kept
     * @param {Uint8Array} bytes that body
     * @param {() => FormData | Promise<FormData>} form the body as a form, made anew each time formData() is called
     * @param {Request} received the request the runtime handed in, whose `cf` this one shows
     */
    constructor(request, bytes, form, received = request) {
      super(request.url, { method: request.method, headers: request.headers, body: bytes, signal: request.signal, redirect: request.redirect });
      this.#bytes = bytes;
      this.#form = form;
      this.#received = received;
    }

    /** workerd's request metadata (colo, country, TLS...), undefined in Node: the received request's own. */
    get cf() {
      return this.#received.cf;
    }

    get bodyUsed() {
      return this.#used || super.bodyUsed;
    }

    /**
     * The platform's stream; once a read took the bytes, a used one (locked, closed), as Body's read leaves it.
     * Regression (s49 mutation pass): after text() it streamed the same bytes again.
     */
    get body() {
      const stream = super.body;
      if (this.#used && stream !== null && !stream.locked) stream.getReader().cancel().catch(() => {});
      return (this.#stream = stream);
    }

    /**
     * Read, or being read through `body` (a reader holds it, even before its first read). Regression (s49 mutation
     * pass): text() read the bytes past a reader holding the stream, which then streamed them again.
     */
    #unusable() {
      return this.bodyUsed || this.#stream?.locked === true;
    }

    /** The bytes, once: a second read rejects, as Body's does ("body already used"). */
    #take() {
      if (this.#unusable()) throw new TypeError('Body has already been used');
      this.#used = true;
      return this.#bytes;
    }

    async text() {
      return utf8.decode(this.#take());
    }

    async arrayBuffer() {
      return this.#take().slice().buffer;
    }

    async bytes() {
      return this.#take().slice();
    }

    async json() {
      return JSON.parse(utf8.decode(this.#take()));
    }

    async formData() {
      this.#take();
      return this.#form();
    }

    async blob() {
      this.#take();
      return super.blob(); // the platform's Blob type from Content-Type; its body is still unread
    }

    clone() {
      if (this.#unusable()) throw new TypeError('Body has already been used');
      return new BufferedRequest(this, this.#bytes, this.#form, this.#received);
    }
  };
}

let BufferedRequest;

/**
 * A Request like `request` (URL, method, headers, signal, redirect mode, `cf`) whose body is `bytes`, already
 * read from `request`, and whose reads answer from them.
 * @param {Request} request the request whose body was read
 * @param {Uint8Array} bytes that body
 * @param {() => FormData | Promise<FormData>} form the body as a form, a new one on each call
 * @returns {Request}
 */
export function createBufferedRequest(request, bytes, form) {
  BufferedRequest ??= defineBufferedRequest();
  return new BufferedRequest(request, bytes, form);
}

/**
 * A Request like `request` whose body is `chunks`, already read from `request`, then what `rest` still holds:
 * the same bytes, streamed, for a body too large to hold whose form token came first (js/form-prefix.js).
 * @param {Request} request the request whose body was partly read
 * @param {Uint8Array[]} chunks its first chunks
 * @param {ReadableStreamDefaultReader | null} rest the reader of the rest of its body
 * @returns {Request}
 */
export function createStreamedRequest(request, chunks, rest) {
  let next = 0;
  const body = new ReadableStream({
    async pull(controller) {
      if (next < chunks.length) return controller.enqueue(chunks[next++]);
      const { done, value } = rest ? await rest.read() : { done: true };
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => rest?.cancel(reason),
  });
  return new Request(request, { body, duplex: 'half' });
}
