// The goals page: renders /api/fixtures (a day) or /api/goals/{id} (one goal) and refreshes on the server's hints
// (/events). Every name from upstream goes into the page through textContent only, never as HTML.
'use strict';
(() => {
  const content = document.getElementById('content');
  const dateInput = document.getElementById('date');
  const knownDays = document.getElementById('known-days');
  const liveIndicator = document.getElementById('live');
  const goalPath = location.pathname.match(/^\/goals\/([0-9]+(?:-[0-9]+)*)$/);
  const askedDate = new URLSearchParams(location.search).get('date');
  // Clip players kept across refreshes, so a clip being watched keeps playing when the page redraws.
  const players = new Map();
  let shown = null;
  let busy = false;
  let again = false;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };
  const minute = g => (g.extra ? `${g.minute}+${g.extra}'` : `${g.minute}'`);
  const dayLink = day => '/?date=' + encodeURIComponent(day);
  const shiftDay = (day, days) => {
    const d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const clock = iso => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const finished = { FT: 'Full time', AET: 'After extra time', PEN: 'After penalties', PST: 'Postponed', CANC: 'Cancelled', ABD: 'Abandoned' };

  function player(clip) {
    let video = players.get(clip.url);
    if (!video) {
      video = document.createElement('video');
      video.controls = true;
      video.preload = 'metadata';
      video.playsInline = true;
      video.src = clip.url;
      players.set(clip.url, video);
    }
    video.dataset.rank = clip.rank;
    video.title = `${clip.width}×${clip.height}, ${clip.duration.toFixed(1)} s`;
    return video;
  }

  function goalItem(g) {
    const item = el('li', 'goal');
    item.id = 'goal-' + g.id;
    item.dataset.goal = g.id;
    item.dataset.state = g.state;
    const line = el('div', 'goal-line');
    line.append(el('span', 'minute', minute(g)), el('span', 'scorer', g.player), el('span', 'team', g.team),
      el('span', 'score', `${g.homeScoreAfter}–${g.awayScoreAfter}`));
    if (g.detail === 'Penalty') line.append(el('span', 'detail', 'penalty'));
    if (g.detail === 'Own Goal') line.append(el('span', 'detail', 'own goal'));
    line.append(el('span', `state state-${g.state}${g.searching ? ' searching' : ''}`, g.stateText));
    const share = el('a', 'share', 'Link');
    share.href = '/goals/' + encodeURIComponent(g.id);
    line.append(share);
    item.append(line);
    if (g.assist) item.append(el('div', 'assist', 'Assist: ' + g.assist));
    if (g.clips.length > 0) {
      const clips = el('div', 'clips');
      clips.append(...g.clips.map(player));
      item.append(clips);
    }
    return item;
  }

  function statusText(f) {
    if (f.live) return f.elapsed ? `Live ${f.elapsed}'` : `Live (${f.status})`;
    if (f.phase === 'staging') return 'Kickoff ' + clock(f.kickoff);
    return finished[f.status] || f.status;
  }

  function fixtureSection(f) {
    const section = el('section', f.live ? 'fixture is-live' : 'fixture');
    section.dataset.fixture = f.id;
    const teams = el('h2', 'teams');
    teams.append(el('span', 'home', f.home), el('span', 'result', f.homeGoals === null ? 'vs' : `${f.homeGoals} – ${f.awayGoals}`),
      el('span', 'away', f.away));
    const meta = el('p', 'meta');
    meta.append(el('span', 'league', f.country ? `${f.league} · ${f.country}` : f.league), el('span', 'status', statusText(f)));
    section.append(teams, meta);
    if (f.goals.length > 0) {
      const goals = el('ol', 'goals');
      goals.append(...f.goals.map(goalItem));
      section.append(goals);
    } else {
      section.append(el('p', 'note', f.phase === 'staging' ? 'Not started yet' : 'No goal yet'));
    }
    return section;
  }

  function showDay(day) {
    dateInput.value = day;
    document.getElementById('previous').href = dayLink(shiftDay(day, -1));
    document.getElementById('next').href = dayLink(shiftDay(day, 1));
    document.title = 'Goals · ' + day;
  }

  async function fetchJson(url) {
    const response = await fetch(url, { cache: 'no-store' });
    return { ok: response.ok, body: await response.json() };
  }

  async function loadDay() {
    const { ok, body } = await fetchJson('/api/fixtures' + (askedDate ? '?date=' + encodeURIComponent(askedDate) : ''));
    if (!ok) {
      content.replaceChildren(el('p', 'note error', body.error));
      return null;
    }
    showDay(body.date);
    const sections = body.fixtures.map(fixtureSection);
    content.replaceChildren(...(sections.length > 0 ? sections : [el('p', 'note', 'No match on this day.')]));
    return body.position;
  }

  async function loadGoal(id) {
    const { ok, body } = await fetchJson('/api/goals/' + encodeURIComponent(id));
    if (!ok) {
      content.replaceChildren(el('p', 'note error', 'This goal is not known here.'));
      return null;
    }
    const day = body.firstSeen.slice(0, 10);
    showDay(day);
    document.title = `${body.player} ${minute(body)} · Goals`;
    const back = el('a', 'back', 'All goals of ' + day);
    back.href = dayLink(day);
    const goals = el('ol', 'goals');
    goals.append(goalItem(body));
    content.replaceChildren(back, goals);
    return null;
  }

  async function refresh(hint) {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const position = await (goalPath ? loadGoal(goalPath[1]) : loadDay());
        shown = position ?? hint ?? shown;
      } while (again);
    } catch (error) {
      content.replaceChildren(el('p', 'note error', 'The goals could not be loaded; retrying at the next update.'));
    } finally {
      busy = false;
    }
  }

  function listen() {
    const events = new EventSource('/events');
    events.addEventListener('refresh', e => {
      liveIndicator.hidden = false;
      const position = Number(e.data);
      if (position !== shown) refresh(position);
    });
    events.onerror = () => {
      liveIndicator.hidden = true;
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 30000);
    };
  }

  async function listDays() {
    const { ok, body } = await fetchJson('/api/days');
    if (!ok) return;
    for (const day of body.days.slice(-60).reverse()) {
      const option = el('option', null, day);
      option.value = day;
      knownDays.append(option);
    }
  }

  dateInput.addEventListener('change', () => { if (dateInput.value) location.href = dayLink(dateInput.value); });
  knownDays.addEventListener('change', () => { if (knownDays.value) location.href = dayLink(knownDays.value); });
  refresh(null).then(listen);
  listDays();
})();
