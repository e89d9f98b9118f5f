/** Past participle → base form, for suggestions such as "nothing prompted anyone to {base}". */

const IRREGULAR: Record<string, string> = {
  been: 'be',
  had: 'have',
  done: 'do',
  seen: 'see',
  known: 'know',
  caught: 'catch',
  taken: 'take',
  given: 'give',
  gone: 'go',
  run: 'run',
  written: 'write',
  thought: 'think',
  told: 'tell',
  said: 'say',
  made: 'make',
  found: 'find',
  kept: 'keep',
  left: 'leave',
  sent: 'send',
  built: 'build',
  read: 'read',
  put: 'put',
  set: 'set',
  let: 'let',
  shut: 'shut',
  held: 'hold',
  brought: 'bring',
  bought: 'buy',
  spent: 'spend',
  stood: 'stand',
  understood: 'understand',
  got: 'get',
  gotten: 'get',
  hit: 'hit',
  quit: 'quit',
  split: 'split',
  paid: 'pay',
  laid: 'lay',
  meant: 'mean',
  felt: 'feel',
  heard: 'hear',
  woken: 'wake',
  broken: 'break',
  chosen: 'choose',
  spoken: 'speak',
  driven: 'drive',
  ridden: 'ride',
  forgotten: 'forget',
  shown: 'show',
  thrown: 'throw',
  drawn: 'draw',
  grown: 'grow',
  flown: 'fly',
  begun: 'begin',
  rung: 'ring',
  sung: 'sing',
  won: 'win',
  swung: 'swing',
  dug: 'dig',
  stuck: 'stick',
  struck: 'strike',
  taught: 'teach',
  sought: 'seek',
  fought: 'fight',
  lost: 'lose',
  led: 'lead',
  fed: 'feed',
  met: 'meet',
  bled: 'bleed',
  fled: 'flee',
  slid: 'slide',
  hid: 'hide',
  hidden: 'hide',
  rolled: 'roll',
  pulled: 'pull',
  filled: 'fill',
  called: 'call',
  killed: 'kill',
  spelled: 'spell',
  used: 'use',
  stored: 'store',
  ignored: 'ignore',
  restored: 'restore',
  changed: 'change',
  ranged: 'range',
  added: 'add',
  released: 'release',
  increased: 'increase',
  decreased: 'decrease',
  paused: 'pause',
  caused: 'cause',
  closed: 'close',
  raised: 'raise',
  opened: 'open',
  happened: 'happen',
  listened: 'listen',
  threatened: 'threaten',
};

// Stems whose base form keeps a final silent e once "-ed" is dropped: "noticed" → "notice".
const KEEPS_E =
  /(?:[^aeiou][aeiou](?:c|g|s|v|z|t|k|d|r|l|m|p|b)|[^aeiou]at|ur|ar|rg|dg|ng|ns|rs|rc|lv|rv|ps|tl|bl|pl|gl|dl|kl|fl|cl|zl|ui|iz|ys|yp|ir)$/;
const NO_E =
  /(?:or|er|en|on|it|et|el|al|il|ol|ow|ew|aw|ay|ey|oy|ck|sh|ch|th|ng|ss|ll|st|ft|nt|rt|pt|ct|lt|xt|rm|rn|lp|mp|nd|ld|rd|sk|wn|ain|ail|eal|ead|oad|oot|eet|uit|ait|eat|out|oin|ool|eel|oom|eem|ear|oar|oor|ook|eck|ump|ush)$/;

/** The base form of an English past participle; unknown shapes come back unchanged. */
export function baseForm(participle: string): string {
  const word = participle.toLowerCase();
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (!word.endsWith('ed') || word.length < 4) return word;
  if (word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  const stem = word.slice(0, -2);
  // Doubled final consonant: "stopped" → "stop", "spotted" → "spot" (not "ll": "rolled").
  const doubled = /([bdfgmnprtz])\1$/.exec(stem);
  if (doubled) return stem.slice(0, -1);
  if (stem.endsWith('e')) return stem; // "agreed" → "agree"
  if (NO_E.test(stem)) return stem;
  if (KEEPS_E.test(stem)) return `${stem}e`;
  return stem;
}
