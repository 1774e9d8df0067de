// A finished job: the player, the downloads, the contact sheet, and (when the gateway offers
// it) "redo this scene" per scene. Files come from GET /jobs/{id}/files/{name} with the bearer
// token and play from memory (blob: URLs): a <video src> could not send the token.

import { api, fetchBlob, problem, session } from "./api.js";
import { fill, h } from "./dom.js";

const LABELS = {
  "video.mp4": "MP4",
  "thumbnail.jpg": "Thumbnail",
  "captions.srt": "SRT",
  "captions.vtt": "VTT",
  "story.json": "Story",
  "contact.jpg": "Contact sheet",
  "metadata.json": "Metadata",
};

export function resultsView(root, summary) {
  const id = summary.job_id;
  const urls = [];
  const player = h("video", { id: "player", controls: true, playsinline: true, preload: "auto" });
  const downloads = h("div", { class: "downloads", id: "downloads" });
  const contact = h("div", { id: "contact" });
  const redo = h("div", { id: "redo" });
  const message = h("div", { id: "results-message", role: "status" });

  fill(root, h("div", { class: "panel" },
    h("h2", null, "Your video"), player, message, downloads, contact), redo);

  const keep = (blob) => {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    return url;
  };

  async function download(name, button) {
    button.disabled = true;
    try {
      const a = h("a", { href: keep(await fetchBlob(`/jobs/${id}/files/${name}`)), download: `${id}-${name}` });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      fill(message, h("p", { class: "error" }, `Download failed: ${e.message}`));
    } finally {
      button.disabled = false;
    }
  }

  async function load() {
    const r = await api(`/jobs/${id}`);
    if (!r.ok) {
      fill(message, h("p", { class: "error" }, problem(r)));
      return;
    }
    const job = r.body;
    const names = Object.keys(job.outputs).concat("story.json");
    fill(downloads, names.filter((n) => LABELS[n]).map((n) => {
      const b = h("button", { type: "button", class: "download", dataset: { file: n } }, `⤓ ${LABELS[n]}`);
      b.addEventListener("click", () => download(n, b));
      return b;
    }));
    try {
      if (job.outputs["thumbnail.jpg"]) player.poster = keep(await fetchBlob(`/jobs/${id}/files/thumbnail.jpg`));
      player.src = keep(await fetchBlob(`/jobs/${id}/files/video.mp4`));
      if (job.outputs["contact.jpg"]) {
        fill(contact, h("h3", null, "Contact sheet"),
          h("img", { class: "contact", id: "contact-sheet", alt: "every scene's picture", src: keep(await fetchBlob(`/jobs/${id}/files/contact.jpg`)) }));
      }
    } catch (e) {
      fill(message, h("p", { class: "error" }, `Could not load the video: ${e.message}`));
    }
    if (session.config.features.redo) redoControls(redo, job);
  }

  load();
  return { stop: () => urls.forEach((u) => URL.revokeObjectURL(u)) };
}

async function redoControls(root, job) {
  const id = job.job_id;
  let story = null;
  try {
    story = JSON.parse(await (await fetchBlob(`/jobs/${id}/files/story.json`)).text());
  } catch {
    return;
  }
  const message = h("div", { id: "redo-message", role: "alert" });
  async function send(body, button) {
    button.disabled = true;
    const r = await api(`/jobs/${id}/redo`, { method: "POST", body });
    button.disabled = false;
    if (r.ok) location.hash = `#/job/${r.body.job_id}`;
    else fill(message, h("p", { class: "error" }, `Not redone: ${problem(r)}`));
  }
  const full = h("button", { type: "button", class: "primary", id: "render-full" }, "Render the full video");
  full.addEventListener("click", () => send({ scene: null, picture: false, voice: false, seed: null, image_prompt: null, narration: null, preview: false }, full));
  fill(root, h("div", { class: "panel" },
    h("h2", null, "Redo a scene"),
    h("p", { class: "muted small" }, "A new picture and/or voice for one scene; every other scene is reused and the video is rendered again as a new job."),
    job.request?.preview ? h("div", { class: "actions" }, full) : null,
    story.scenes.map((s) => sceneRedo(s, send, Boolean(job.request?.preview))),
    message));
}

function sceneRedo(scene, send, draft) {
  const n = scene.index;
  const picture = h("input", { type: "checkbox", checked: true, id: `redo-picture-${n}` });
  const voice = h("input", { type: "checkbox", id: `redo-voice-${n}` });
  const seed = h("input", { type: "number", min: 0, max: 4294967295, placeholder: "random", id: `redo-seed-${n}` });
  const prompt = h("textarea", { rows: 2, id: `redo-prompt-${n}` });
  prompt.value = scene.image_prompt;
  const narration = h("textarea", { rows: 3, id: `redo-narration-${n}` });
  narration.value = scene.narration;
  const preview = h("input", { type: "checkbox", id: `redo-preview-${n}`, checked: draft });
  const go = h("button", { type: "button", class: "redo", id: `redo-${n}` }, `Redo scene ${n + 1}`);
  go.addEventListener("click", () => {
    const newPrompt = prompt.value.trim() !== scene.image_prompt ? prompt.value.trim() : null;
    const newWords = narration.value.trim() !== scene.narration ? narration.value.trim() : null;
    const body = {
      scene: n,
      // an edited prompt is a new picture, edited words a new voice, whatever the boxes say
      picture: picture.checked || newPrompt !== null,
      voice: voice.checked || newWords !== null,
      seed: seed.value === "" ? null : Number(seed.value), // null: the gateway draws a new one
      image_prompt: newPrompt,
      narration: newWords,
      preview: preview.checked,
    };
    send(body, go);
  });
  return h("details", { class: "scene", dataset: { scene: n } },
    h("summary", null, `Scene ${n + 1}: `, scene.narration.slice(0, 70), scene.narration.length > 70 ? "…" : ""),
    h("label", { class: "check" }, picture, "New picture"),
    h("label", { for: prompt.id }, "Picture prompt"), prompt,
    h("label", { class: "check" }, voice, "New voice"),
    h("label", { for: narration.id }, "Narration"), narration,
    h("label", { for: seed.id }, "Seed"), seed,
    h("label", { class: "check" }, preview, "As a quick preview"),
    h("div", { class: "actions" }, go));
}
