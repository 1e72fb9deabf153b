"""Captions for CMU takes from Bruce Hahne's one-line descriptions.

A description ("playground - forward jumps, turn around") is normalised
(typos, abbreviations, camelCase, take numbers, "(2 subjects - subject A)"),
split into its listed actions in order, and each action is turned into one
or more base-form verb phrases. The sentences then put a subject in front
and join the actions with "and then", ", then", "before" and so on.

Phrase tables hold the vocabulary: whole descriptions that need a hand-made
reading, single fragments, manner words ("slow", "zombie"), nouns that
name an activity ("cartwheels"), and hints taken from the subject
description ("golf": "swing" is a golf swing). Verb phrases use the marks
of ``phrasing``: "~" before each verb to conjugate, "{their}" for pronouns.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .phrasing import (
    capitalise,
    collect,
    conjugate,
    fill_pronouns,
    finish,
    gerund,
    pick_subject,
    stable_rng,
    verb_for,
    with_article,
)
from .sides import swap_left_right

# ====================================================================== text clean-up

WORD_FIXES = {
    "sequnce": "sequence", "sequesnce": "sequence", "sraight": "straight", "steop": "step",
    "summersult": "somersault", "martinee": "martini", "deoderant": "deodorant",
    "charelston": "charleston", "tigher": "tighter", "bannana": "banana", "achey": "achy",
    "rosey": "rosie", "xtra": "extra", "sideway": "sideways", "bck": "back", "flp": "flip",
    "twst": "twist", "bkwd": "backward", "bwk": "backward", "bwd": "backward", "fwd": "forward",
    "lt": "left", "rt": "right", "dont": "don't", "lbs": "pound", "lb": "pound", "tpose": "t-pose",
    "elderlyman": "elderly man", "painfulleftknee": "painful left knee", "endof": "end of",
    "sequencewith": "sequence with", "w/": "with", "&": "and", "thru": "through", "btw": "between",
    "hafl": "half", "arnd": "around", "sidestepping": "sidestep", "jumpimg": "jumping",
}  # fmt: skip
PHRASE_FIXES = (
    (r"\bchip monk\b", "chipmunk"), (r"\bmotor cycle\b", "motorcycle"), (r"\bfoot work\b", "footwork"),
    (r"\bhand stand\b", "handstand"), (r"\bup right\b", "upright"), (r"\bgo luck\b", "go lucky"),
    (r"\bstop ang go\b", "stop and go"), (r"\bpull over\b", "pullover"), (r"\bkick flip\b", "kickflip"),
    (r"\bfanc y\b", "fancy"), (r"\bw/ ?", "with "), (r"\s&\s", " and "), (r"\bbreak stroke\b", "breast stroke"),
    (r"\bfigure 8 ?s\b", "figure eights"), (r"\bfigure 8\b", "figure eight"), (r"\bdigital 8\b", "digital figure eight"),
    (r"\b(walk|mummy) 8\b", r"\1 figure eight"), (r"\bzig zag\b", "zigzag"), (r"\bt rex\b", "t-rex"),
)  # fmt: skip
# Descriptions, or parts of them, that say nothing about the motion.
META = (
    r"\(\s*(?:version|v)\.?\s*\d+\s*\)", r"\btake\s*#?\s*\d+\b", r"\b\d+_\d+\.amc\b", r"\bcleaned\s*grs\b",
    r"\bsubject\s*#\s*\d+\s*:?", r"\bbad amc\b", r"\blost marker\b", r"\bno movie\b",
    r"\bmovie and trial don'?t match\b", r"\(\s*focus:[^)]*\)", r"^\s*(?:unknown|clean|cleaned|sequence|test|none|n/?a)\s*$",
)  # fmt: skip


def normalise(text: str) -> tuple[str, str]:
    """Return (clean lower-case description, role) where role is "A", "B" or "".

    Role comes from "(2 subjects - subject A)": which of two people this take is.
    """
    s = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2013", "-")
    role = ""
    m = re.search(r"\(\s*\d*\s*subjects?\s*-\s*subject\s*([AB])\s*\)", s, re.I)
    if m:
        role = m.group(1).upper()
        s = s[: m.start()] + " " + s[m.end() :]
    s = re.sub(r"\(\s*(?:pantomime\s*-\s*)?human subject\s*\)", " ", s, flags=re.I)
    s = re.sub(r"\(\s*pantomime[^)]*\)", " ", s, flags=re.I)
    for pattern in META[:-1]:
        s = re.sub(pattern, " ", s, flags=re.I)
    # Take numbers glued to a word: "Cartwheels001", "lindyHop2", "slope1", "charleston_01".
    s = re.sub(r"(?<=[A-Za-z])(8)(s?)\b", r" 8\2", s)
    s = re.sub(r"(?<=[A-Za-z])_?0*\d{1,3}\b(?<! 8)", "", s)
    s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", s)
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z]{2})", " ", s)
    s = s.replace("_", " ")
    s = re.sub(r"(?<=[a-zA-Z])(?=\d)|(?<=\d)(?=[a-zA-Z])", " ", s)
    s = re.sub(r"(\d) \. (\d)", r"\1.\2", s.lower())
    words = []
    for w in s.split():
        core = w.strip(",;.:()")
        words.append(w.replace(core, WORD_FIXES[core]) if core in WORD_FIXES else w)
    s = " ".join(words)
    for pattern, repl in PHRASE_FIXES:
        s = re.sub(pattern, repl, s)
    s = re.sub(r"\bslope ?\d\b", "slope", s)
    s = re.sub(r"(?<=[a-z]) [1-9]$", "", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;-")
    s = re.sub(r"\s*,\s*(,\s*)*", ", ", s).strip(" ,")
    if re.match(META[-1], s):
        s = ""
    return s, role


# ====================================================================== phrase tables
# "a | b" lists alternatives for one action; "a >> b" lists actions in order.

# Whole descriptions (after normalise, without the "playground - " style prefix).
DESCRIPTIONS: dict[str, str] = {
    # locomotion with a list of directions
    "walk forward, backward, sideways": "~walk forward, then backward, then sideways | ~walk forward, backward, and sideways",
    "walk forward, backward, on a diagonal": "~walk forward, then backward, then diagonally | ~walk forward, backward, and on a diagonal",
    "walk forward, backward, sideways, on a diagonal": "~walk forward, backward, sideways, and diagonally | ~walk forward, then backward, then sideways, then on a diagonal",
    "walk sideways and backwards": "~walk sideways and then backward | ~walk sideways, then backward",
    "walk up and down stairs": "~walk up and down the stairs | ~walk up some stairs and back down",
    "walking up and down stairs": "~walk up and down the stairs | ~walk up some stairs and back down",
    "climb up and down ladder": "~climb up and down a ladder | ~climb up a ladder and back down",
    "stepping up / stepping down": "~step up >> ~step down",
    "medium step to left, forward, and up": "~take a medium step to the left, forward, and up | ~step up onto something with a medium step forward and to the left",
    "walk and turn both directions": "~walk and ~turn both ways | ~walk, turning to both sides",
    "stretch - rotate head, shoulders, arms, legs": "~stretch by rotating {their} head, shoulders, arms, and legs | ~rotate {their} head, shoulders, arms, and legs to stretch",
    "walk with arms out, balancing": "~walk with {their} arms held out for balance | ~balance with {their} arms out while walking",
    "walk with anger, frustration": "~walk angrily, full of frustration | ~walk with anger and frustration | ~storm along in anger and frustration",
    "muscular, heavyset person's walk": "~walk like a muscular, heavyset person | ~walk with the heavy gait of a muscular person",
    "flamingo, lift legs high": "~walk like a flamingo, lifting {their} legs high | ~lift {their} legs high like a flamingo",
    "quail, quick little steps": "~walk like a quail with quick little steps | ~take quick little steps like a quail",
    "whistle, walk jauntily": "~whistle >> ~walk jauntily | ~walk with a jaunty step",
    "sweeping, push broom": "~sweep with a push broom | ~push a broom to sweep the floor",
    "sawing, hand saw": "~saw with a hand saw | ~saw something with a handsaw",
    "bolt loosening, wrench": "~loosen a bolt with a wrench",
    "bolt tightening, wrench": "~tighten a bolt with a wrench",
    "bolt tightening, with putting bolt in": "~put a bolt in and ~tighten it",
    "balance on one leg, outstretched arms": "~balance on one leg with {their} arms outstretched | ~stand on one leg, arms stretched out",
    "slap hands, throw it back": "~slap hands with someone >> ~throw {their} hand back",
    "dance, twist": "~dance the twist | ~do the twist",
    "dance, whirl": "~dance and ~whirl around | ~dance, spinning around",
    "neutral male walk, exact footfalls": "~walk normally with precise footsteps | ~walk in a neutral way, placing each foot exactly",
    "frankenstein male walk, exact footfalls": "~walk stiffly like Frankenstein's monster, placing each foot exactly | ~walk like Frankenstein's monster",
    "walk, exaggerated stride": "~walk with an exaggerated stride | ~walk, taking exaggerated strides",
    "walk, mope around": "~walk and ~mope around | ~mope around, walking slowly",
    "creep and pause": "~creep forward and ~pause | ~creep along, pausing now and then",
    "pick box up, bend from waist": "~bend at the waist to pick up a box | ~pick up a box, bending from the waist",
    "pick up box, bend from waist": "~bend at the waist to pick up a box | ~pick up a box, bending from the waist",
    "picking box up, bending knees": "~bend {their} knees to pick up a box | ~pick up a box, bending at the knees",
    "walk forward and turn sideways": "~walk forward and then ~turn sideways",
    "walk forward and slow down": "~walk forward and then ~slow down",
    "walk around, sit, stand up, and running": "~walk around >> ~sit down >> ~stand up >> ~run",
    "walking, jumping, jumping jacks, jumping on one foot, punching, chopping": "~walk >> ~jump >> ~do jumping jacks >> ~hop on one foot >> ~punch >> ~make chopping motions",
    "walking, sitting, hand motions": "~walk >> ~sit down >> ~make hand motions | ~gesture with {their} hands",
    "walking, sitting, looking, stand up": "~walk >> ~sit down >> ~look around >> ~stand up",
    "walking, stretching, walking and turning": "~walk >> ~stretch >> ~walk again and ~turn",
    "bouncing basketball, shooting basketball, dribble basketball, two handed dribble": "~bounce a basketball >> ~shoot the ball >> ~dribble it >> ~dribble with both hands",
    "high-five, walk": "~give someone a high five >> ~walk",
    "low-five, walk": "~give someone a low five >> ~walk",
    "link arms, walk": "~link arms with someone and ~walk | ~walk arm in arm with someone",
    "hold hands, swing arms, walk": "~hold hands with someone, ~swing {their} arms, and ~walk | ~walk hand in hand with someone, swinging {their} arms",
    "walk, shake hands": "~walk up >> ~shake hands with someone",
    "synchronized walk": "~walk in sync with another person | ~walk in step with a partner",
    "synchronized jumping jacks": "~do jumping jacks in sync with a partner | ~do synchronized jumping jacks",
    "alternating jumping jacks": "~do jumping jacks, taking turns with a partner | ~alternate jumping jacks with another person",
    "alternating squats": "~do squats, taking turns with a partner | ~alternate squats with another person",
    "soldiers march": "~march like a soldier | ~march in step like a soldier",
    "zombie march": "~march like a zombie | ~shuffle along like a marching zombie",
    "chicken dance": "~do the chicken dance | ~dance the chicken dance, flapping {their} arms",
    "blind man's bluff (blindfold tag)": "~play blind man's bluff | ~play blindfold tag",
    "360-degree two-person whip": "~spin a full circle holding on to a partner | ~do a 360-degree whip turn with a partner",
    "rush up, arm wrestle": "~rush up >> ~arm-wrestle with someone",
    "run, scramble for last seat": "~run >> ~scramble for the last seat | ~scramble for the last free seat",
    "ring around the rosie": "~play ring around the rosie | ~circle around while playing ring around the rosie",
    "nursery rhyme - ring around the rosie": "~play ring around the rosie | ~act out the nursery rhyme ring around the rosie",
    'nursery rhyme - "i\'m a little teapot..."': "~act out the nursery rhyme I'm a Little Teapot | ~do the I'm a Little Teapot rhyme, making a handle and a spout with {their} arms",
    "nursery rhyme - cock robin": "~act out the nursery rhyme Cock Robin | ~perform the Cock Robin nursery rhyme with gestures",
    "hand signals - horizontally revolve forearms": "~make a hand signal by rolling {their} forearms around each other | ~revolve {their} forearms horizontally as a hand signal",
    "squirrel - robotic like motion": "~act like a squirrel with robotic movements | ~imitate a squirrel, moving like a robot",
    "static dance pose - folded in, head lowered, leg bent": "~hold a still dance pose, folded in with {their} head lowered and one leg bent",
    "conversation - explain with hand gestures": "~explain something with hand gestures | ~talk and ~gesture with {their} hands to explain something",
    "conversation - explain with hand gestures, walk": "~explain something with hand gestures >> ~walk",
    "quarrel - angry hand gestures": "~argue with angry hand gestures | ~quarrel, gesturing angrily with {their} hands",
    "around the world high five low": "~play a hand game of high fives and low fives | ~give someone a high five, then a low five, around the world",
    "weight lifting": "~lift weights | ~do weightlifting",
    "hard days drink": "~have a drink after a hard day | ~slump down and ~drink after a hard day",
    "drinking and smoking": "~drink >> ~smoke",
    "opening and closing umbrella": "~open an umbrella >> ~close it again",
    "closing, moving and opening a box": "~close a box >> ~move it >> ~open it again",
    "unscrew bottlecap, drink soda": "~unscrew a bottle cap >> ~drink some soda",
    "unscrew bottlecap, drink soda, screw on bottlecap": "~unscrew a bottle cap >> ~drink some soda >> ~screw the cap back on",
    "drink soda, screw on bottlecap": "~drink some soda >> ~screw the cap back on",
    "sit on stepstool, ankle on other knee, hand on chin": "~sit on a stepstool with one ankle on the other knee and a hand on {their} chin",
    "sit on stepstool, chin in hand": "~sit on a stepstool with {their} chin in {their} hand",
    "sit on stepstool, hands against chin, elbow out, stand up": "~sit on a stepstool with {their} hands against {their} chin and elbows out >> ~stand up",
    "sit on stepstool, hands against chin, fidget, stand up": "~sit on a stepstool with {their} hands against {their} chin >> ~fidget >> ~stand up",
    "jump up to grab, reach for, tiptoe": "~jump up to grab something >> ~reach for it >> ~stand on tiptoe",
    "lean forward, reach for": "~lean forward and ~reach for something",
    "lean forward, tiptoe, reach for": "~lean forward >> ~stand on tiptoe >> ~reach for something",
    "climb, step over, jump over stepstool": "~climb onto a stepstool >> ~step over it >> ~jump over it",
    "climb, step over, sit on, jump over stepstool": "~climb onto a stepstool >> ~step over it >> ~sit on it >> ~jump over it",
    "climb, step over, jump over, navigate around stepstool": "~climb onto a stepstool >> ~step over it >> ~jump over it >> ~walk around it",
    "walk up to object, lean over, pick up object, set down in another place": "~walk up to an object >> ~lean over >> ~pick it up >> ~set it down somewhere else",
    "walk up to object, pick up object, set down in another place": "~walk up to an object >> ~pick it up >> ~set it down somewhere else",
    "walk up to object, squat, pick up object, set down in another place": "~walk up to an object >> ~squat >> ~pick it up >> ~set it down somewhere else",
    "walk forward and pick up object, carry back object": "~walk forward >> ~pick up an object >> ~carry it back",
    "walk forward and pick up object, set down object": "~walk forward >> ~pick up an object >> ~set it down",
    "walk forward, turn around, walk back": "~walk forward >> ~turn around >> ~walk back",
    "walk forward turn 90 degrees left walk forward": "~walk forward >> ~turn 90 degrees to the left | ~make a 90-degree left turn >> ~keep walking forward",
    "walk forward turn 90 degrees right walk forward": "~walk forward >> ~turn 90 degrees to the right | ~make a 90-degree right turn >> ~keep walking forward",
    "walk backwards then attack with a punch": "~walk backward >> ~attack with a punch | ~lunge forward with a punch",
    "walk backwards, feign a few attacks, then attack": "~walk backward >> ~fake a few attacks >> ~attack for real",
    "investigating thing on ground with two hands": "~investigate something on the ground with both hands | ~examine something on the ground with both hands",
    "laying down on back, getting up, careful ready pose": "~lie down on {their} back >> ~get up >> ~take a careful ready stance",
    "laying down, getting up, careful ready pose": "~lie down >> ~get up >> ~take a careful ready stance",
    "limping, hurt right leg": "~limp on a hurt right leg | ~limp, favoring {their} injured right leg",
    "backflips, jump onto platform, handstands, vertical pushups": "~do backflips >> ~jump onto a platform >> ~do handstands >> ~do handstand push-ups",
    "stretches, cartwheels, flips, spin kicks, spins, and fall": "~stretch >> ~do cartwheels >> ~do flips >> ~do spin kicks >> ~spin >> ~fall",
    "spin upside down, handstand, flips": "~spin upside down >> ~do a handstand >> ~do flips",
    "spins, flips, stand on one hand": "~spin >> ~do flips >> ~balance on one hand",
    "flip and stand on one hand": "~flip >> ~balance on one hand",
    "flip forward onto hands and back again": "~flip forward onto {their} hands and back again | ~do a front handspring and ~flip back again",
    "crouch and flip backward on hands": "~crouch >> ~flip backward onto {their} hands",
    "jump up and down, hop on one foot": "~jump up and down >> ~hop on one foot",
    "jumps kicks and punches": "~jump >> ~kick >> ~punch",
    "jump with kick and spin": "~jump, ~kick, and ~spin | ~do a jumping spin kick",
    "jump and spin kick": "~jump and ~do a spin kick | ~do a jumping spin kick",
    "run dive over roll run": "~run >> ~dive over something >> ~roll >> ~keep running",
    "run jump stop run": "~run >> ~jump >> ~stop >> ~run again",
    "run quick stop run": "~run >> ~stop quickly >> ~run again",
    "run stop run": "~run >> ~stop >> ~run again",
    "run jump over": "~run and ~jump over something | ~run up and ~leap over an obstacle",
    "run duck underneath": "~run and ~duck underneath something | ~run, ducking under an obstacle",
    "run roll underneath": "~run and ~roll underneath something | ~run and ~roll under an obstacle",
    "run over": "~run over something | ~run across",
    "run to sneak": "~run >> ~slow down into a sneak",
    "run to stop": "~run >> ~come to a stop",
    "run to quick stop": "~run >> ~stop quickly",
    "run through": "~run through | ~run straight through",
    "jog through": "~jog through | ~jog straight through",
    "run jump": "~run and ~jump | ~take a running jump",
    "walk jump": "~walk and ~jump",
    "walk crawl": "~walk >> ~crawl",
    "walk stop walk": "~walk >> ~stop >> ~walk again",
    "start walk stop": "~start to walk >> ~stop",
    "start hop stop": "~hop >> ~stop",
    "start duck underneath stop": "~duck underneath something >> ~stop",
    "start walk left": "~start to walk to the left | ~set off walking to the left",
    "jump stop": "~jump >> ~stop",
    "jog stop": "~jog >> ~stop",
    "run stop": "~run >> ~stop",
    "start jog": "~start to jog | ~break into a jog",
    "start run": "~start to run | ~break into a run",
    "start to run": "~start to run | ~break into a run",
    "walk to run": "~walk >> ~speed up into a run | ~break into a run",
    "stop and go": "~stop >> ~go again",
    "start": "~start moving | ~get going",
    "go forward": "~go forward | ~move forward",
    "forward": "~move forward | ~go forward",
    "small forward": "~move forward a little | ~go forward a short way",
    "jump forward": "~jump forward",
    "jump small forward": "~do a small jump forward | ~jump a short way forward",
    "further jump turn": "~jump farther and ~turn in the air | ~do a longer jump with a turn",
    "small jump turn": "~do a small jump with a turn | ~jump a little and ~turn",
    "jump turn": "~jump and ~turn in the air | ~do a jump with a turn",
    "jump twist": "~jump and ~twist in the air | ~do a twisting jump",
    "jumping twists": "~do twisting jumps | ~jump and ~twist several times",
    "360 small stumble": "~turn 360 degrees >> ~stumble a little",
    "alien turn": "~turn around like an alien | ~turn in a strange, alien way",
    "moonwalk": "~moonwalk | ~do the moonwalk",
    "step on walk down": "~step on something >> ~walk down",
    "walk up and over": "~walk up and over something | ~climb up and over an obstacle",
    "walk up stairs and over": "~walk up some stairs and over the top",
    "walk and step over": "~walk >> ~step over something",
    "walk and carry": "~walk while carrying something | ~carry something while walking",
    "walk and pick up box": "~walk >> ~pick up a box",
    "walk and pick up tool box": "~walk >> ~pick up a toolbox",
    "walk and pick up toolbox": "~walk >> ~pick up a toolbox",
    "walk and pick up laundry basket": "~walk >> ~pick up a laundry basket",
    "walking around, walk up ladder, step down ladder": "~walk around >> ~climb up a ladder >> ~step back down",
    "walk forward and stepping up stairs": "~walk forward and ~step up some stairs",
    "walk forward stepping up stairs": "~walk forward, stepping up some stairs",
    "walk forward and up stairs": "~walk forward and up some stairs",
    "sidestep to right then back to left": "~sidestep to the right >> ~step back to the left",
    "sidestep to the right and up a ledge": "~sidestep to the right and up onto a ledge",
    "large step to a short ledge": "~take a large step up onto a short ledge",
    "quick large steps backwards": "~take quick, large steps backward",
    "back flip twist fall": "~do a backflip with a twist >> ~fall",
    "90 twists fall": "~twist 90 degrees >> ~fall",
    "cartwheel into backflip": "~do a cartwheel into a backflip",
    "stretch and cartwheel": "~stretch >> ~do a cartwheel",
    "stretch and spin": "~stretch >> ~spin around",
    "stretches and jumps": "~stretch >> ~jump",
    "stretch walk": "~stretch >> ~walk",
    "sit down and stretch": "~sit down >> ~stretch",
    "lay down and get up": "~lie down >> ~get up",
    "laying down and getting up": "~lie down >> ~get up",
    "getting up from laying down": "~get up from lying down | ~get up from the floor",
    "get up from ground laying on back": "~get up from lying on {their} back",
    "get up laying on side": "~get up from lying on {their} side",
    "get up face down": "~get up from lying face down",
    "sit down and get up": "~sit down >> ~get up",
    "sit in chair and get up": "~sit in a chair >> ~get up",
    "sit on stool and get up": "~sit on a stool >> ~get up",
    "sit on high stool, stand up": "~sit on a high stool >> ~stand up",
    "sit on stepstool, stand up": "~sit on a stepstool >> ~stand up",
    "sit on stepstool, stand up, swing legs": "~sit on a stepstool >> ~stand up >> ~swing {their} legs",
    "sitting on ground relaxing": "~sit on the ground and ~relax | ~relax, sitting on the ground",
    "stand still; casual walk forward": "~stand still >> ~walk forward casually",
    "happy or fast walk forward": "~walk forward happily and quickly | ~walk forward quickly, looking happy",
    "carefree walk": "~walk in a carefree way",
    "happy start walk": "~start to walk happily | ~set off walking in a happy mood",
    "stumble walk": "~walk and ~stumble | ~stumble while walking",
    "spastic walk": "~walk with jerky, erratic movements",
    "spastic stop": "~stop with jerky, erratic movements",
    "drag bad leg walk": "~walk, dragging a bad leg | ~drag an injured leg while walking",
    "hurt leg walk": "~walk with a hurt leg | ~limp on an injured leg",
    "hurt stomach walk": "~walk as if {their} stomach hurts | ~walk hunched over a hurt stomach",
    "walk wounded leg": "~walk with a wounded leg | ~limp on a wounded leg",
    "walk leaning to the right": "~walk leaning to the right | ~walk with {their} body leaning right",
    "walk swinging shoulders": "~walk swinging {their} shoulders",
    "creeping with limp": "~creep along with a limp",
    "walk sideways, cross legs": "~walk sideways, crossing {their} legs | ~step sideways with crossing legs",
    "walk sideways, foot to foot": "~walk sideways, bringing {their} feet together | ~step sideways foot to foot",
    "walk on uneven terrain": "~walk on uneven ground | ~walk over uneven terrain",
    "follow path, walk around obstacles": "~follow a path >> ~walk around obstacles",
    "catch and throw football": "~catch >> ~throw a football",
    "throw and catch football": "~throw and ~catch a football",
    "football - throw, catch": "~throw and ~catch a football",
    "football - throw, catch, jump around": "~throw a football >> ~catch it >> ~jump around",
    "soccer - kick ball": "~kick a soccer ball",
    "kick soccer ball": "~kick a soccer ball",
    "shooting bow and arrow": "~shoot a bow and arrow | ~draw a bow and ~shoot an arrow",
    "basketball jump shot": "~take a jump shot with a basketball | ~jump and ~shoot a basketball",
    "basketball free throw": "~shoot a basketball free throw | ~take a free throw",
    "basketball signals": "~make basketball referee signals | ~signal with {their} arms like a basketball referee",
    "baseball pitch": "~pitch a baseball | ~throw a baseball pitch",
    "baseball swing": "~swing a baseball bat | ~take a baseball swing",
    "baseball bunt": "~bunt with a baseball bat | ~lay down a bunt",
    "underhand fast pitch": "~throw a fast underhand pitch | ~pitch underhand, fast",
    "underhand toss": "~toss something underhand | ~make an underhand toss",
    "2 foot jump": "~jump with both feet | ~do a two-footed jump",
    "2 jump": "~jump twice | ~do two jumps",
    "180 jump": "~jump and ~turn 180 degrees | ~do a 180-degree jump",
    "180 degree jump": "~jump and ~turn 180 degrees | ~do a 180-degree jump",
    "360 jump": "~jump and ~spin 360 degrees | ~do a 360-degree jump",
    "360 jumps": "~do 360-degree jumps | ~jump and ~spin all the way around several times",
    "angle jumps": "~jump at an angle several times | ~do angled jumps",
    "jump distances": "~jump different distances | ~do jumps of varying length",
    "jumping distances": "~jump different distances | ~do jumps of varying length",
    "jumping heights": "~jump to different heights | ~do jumps of varying height",
    "box jump": "~do a box jump | ~jump up onto a box",
    "pump jump": "~pump down and ~jump | ~crouch and ~jump",
    "high jump": "~do a high jump | ~jump high",
    "long jumps": "~do long jumps | ~leap forward in long jumps",
    "long jump forward": "~do a long jump forward | ~leap a long way forward",
    "forward jumps": "~jump forward several times | ~do a series of forward jumps",
    "forward jump": "~jump forward | ~do a forward jump",
    "jump kick": "~do a jump kick | ~jump and ~kick",
    "singing in the rain jump": "~do a joyful jump like in Singing in the Rain | ~leap and ~click {their} heels like in Singing in the Rain",
    "jump off ledge": "~jump off a ledge | ~jump down from a ledge",
    "jump backwards off ledge": "~jump backward off a ledge",
    "climb backwards off ledge": "~climb backward off a ledge",
    "jump/hop on uneven terrain": "~jump and ~hop on uneven ground | ~hop across uneven terrain",
    "hop on left foot": "~hop on {their} left foot | ~hop on the left foot",
    "hop and turn right 360 degrees in air": "~hop and ~turn 360 degrees to the right in the air | ~hop, spinning a full turn to the right",
    "long sequence good": "~perform a long sequence of moves",
    "bad start sequence": "~perform a sequence of moves",
    "break sequence with flips": "~do a breakdance sequence with flips",
    "end of break dance": "~finish a breakdance routine | ~do the end of a breakdance routine",
    "upright sequence": "~do a sequence of upright breakdance moves | ~dance a toprock sequence standing up",
    "handstand kicks": "~kick {their} legs while in a handstand | ~do handstand kicks",
    "kickflip": "~do a kickflip | ~kick {their} legs over in a flip",
    "kickflip stumble": "~do a kickflip >> ~stumble",
    "fancy footwork": "~do some fancy footwork | ~move {their} feet in fancy steps",
    "monkey backflip": "~do a monkey backflip",
    "monkey sequence": "~do a sequence of monkey flips | ~do a monkey-style acrobatic sequence",
    "ball mount": "~mount a ball | ~climb up onto a ball",
    "forward ball walk": "~walk forward on a ball | ~balance on a ball, walking it forward",
    "backward ball walk": "~walk backward on a ball | ~balance on a ball, walking it backward",
    "balance beam": "~walk on a balance beam | ~balance on a beam",
    "balance object on forehead": "~balance an object on {their} forehead",
    "arm up wide leg roll": "~do a wide-legged roll with one arm up",
    "wide leg roll": "~do a wide-legged roll | ~roll with {their} legs spread wide",
    "wide leg run": "~run with {their} legs wide apart | ~run with a wide-legged stride",
    "cross leg run": "~run crossing {their} legs | ~run with a cross-legged stride",
    "banana peel slip": "~slip as if on a banana peel | ~slip on a banana peel and ~fall",
    "rug pull fall": "~fall as if a rug were pulled out from under {them} | ~fall backward as if the rug was pulled away",
    "fall on face": "~fall on {their} face | ~fall forward flat on {their} face",
    "front hand flip": "~do a front handspring | ~flip forward over {their} hands",
    "hand spring": "~do a handspring",
    "side flip": "~do a side flip",
    "backward somersault": "~do a backward somersault | ~roll backward in a somersault",
    "russian dance": "~do a Russian dance | ~dance a Russian folk dance, kicking {their} legs out",
    "extra fancy charleston": "~dance an extra fancy Charleston",
    "charleston side by side female": "~dance the Charleston side by side with a partner | ~dance the Charleston beside a partner",
    "charleston side by side male": "~dance the Charleston side by side with a partner | ~dance the Charleston beside a partner",
    "lindy hop": "~dance the Lindy Hop | ~do the Lindy Hop",
    "macarena dance": "~dance the Macarena | ~do the Macarena",
    "lambada dance": "~dance the lambada",
    "salsa dance": "~dance salsa | ~do a salsa dance",
    "indian dance": "~perform an Indian dance | ~do an Indian dance",
    "charleston dance": "~dance the Charleston | ~do the Charleston",
    "charleston dancing": "~dance the Charleston | ~do the Charleston",
    "modern dance": "~perform a modern dance | ~do modern dance",
    "mickey cast spell": "~cast a spell like Mickey Mouse | ~wave {their} arms to cast a spell, cartoon style",
    "mickey conducting": "~conduct an orchestra like Mickey Mouse | ~wave {their} arms like a conductor, cartoon style",
    "mickey dance": "~dance like Mickey Mouse | ~do a cartoonish Mickey Mouse dance",
    "mickey surprised": "~act surprised like Mickey Mouse | ~jump back in surprise, cartoon style",
    "direct traffic, wave": "~direct traffic >> ~wave",
    "direct traffic, wave, point": "~direct traffic >> ~wave >> ~point",
    "wave hello": "~wave hello | ~wave to say hello",
    "giving directions": "~give directions, pointing the way | ~point and ~gesture to give directions",
    "wait for bus": "~wait for a bus | ~stand waiting for the bus",
    "answering a phone": "~answer a phone | ~pick up the phone and ~answer it",
    "answering the phone": "~answer the phone | ~pick up the phone and ~answer it",
    "dialing phone": "~dial a phone | ~dial a number on a phone",
    "channel surfing": "~flip through TV channels with a remote | ~channel surf with a remote control",
    "tv": "~watch TV | ~sit and ~watch television",
    "taking a movie": "~film with a camera | ~shoot a video with a camera",
    "using a palm pilot": "~use a handheld PDA | ~tap on a Palm Pilot",
    "typing on a laptop": "~type on a laptop",
    "writing on a chalkboard": "~write on a chalkboard",
    "hanging a picture": "~hang a picture on the wall",
    "hanging picture": "~hang a picture on the wall",
    "holding a baby": "~hold a baby | ~cradle a baby in {their} arms",
    "buying something": "~buy something | ~pay for something at a counter",
    "paying for something": "~pay for something",
    "setting glass of water": "~set down a glass of water",
    "making coffee": "~make coffee",
    "making dough": "~make dough | ~knead dough",
    "hand mixing dough": "~mix dough by hand | ~knead dough with {their} hands",
    "mixing batter": "~mix batter | ~stir batter in a bowl",
    "slicing bread": "~slice bread",
    "slicing": "~slice something | ~slice food with a knife",
    "chopping onions": "~chop onions",
    "chopping wood": "~chop wood | ~chop wood with an axe",
    "eating dinner": "~eat dinner",
    "eating soup": "~eat soup | ~eat soup with a spoon",
    "eating a sandwich": "~eat a sandwich",
    "eating": "~eat | ~eat something",
    "drinking water": "~drink water | ~drink a glass of water",
    "drinking from bottle": "~drink from a bottle",
    "drinking a soda": "~drink a soda",
    "drink soda": "~drink a soda | ~drink some soda",
    "sipping coffee": "~sip coffee | ~sip from a cup of coffee",
    "sipping martini": "~sip a martini",
    "chug a beer": "~chug a beer",
    "chugging": "~chug a drink | ~gulp down a drink",
    "brushing teeth": "~brush {their} teeth",
    "combing hair": "~comb {their} hair",
    "shaving": "~shave | ~shave {their} face",
    "putting on deodorant": "~put on deodorant",
    "putting on button up sweater": "~put on a button-up sweater",
    "putting on headphones": "~put on headphones",
    "wash self": "~wash {themselves} | ~mime washing {their} body",
    "washing": "~wash {themselves} | ~wash something",
    "wash windows": "~wash windows | ~wash a window",
    "washing a window": "~wash a window",
    "washing window": "~wash a window",
    "cleaning window": "~clean a window",
    "cleaning up": "~clean up",
    "sweep floor": "~sweep the floor",
    "sweeping": "~sweep the floor | ~sweep with a broom",
    "pushing broom": "~push a broom | ~sweep with a push broom",
    "mop floor": "~mop the floor",
    "vacuuming": "~vacuum the floor | ~vacuum",
    "raking": "~rake | ~rake leaves",
    "rake leaves": "~rake leaves",
    "digging": "~dig | ~dig with a shovel",
    "digging a hole": "~dig a hole",
    "planting": "~plant something | ~plant in the garden",
    "planting a tree": "~plant a tree",
    "planting a plant": "~plant a plant",
    "planting a flower": "~plant a flower",
    "painting": "~paint | ~paint with a brush",
    "fishing": "~fish | ~cast a fishing line",
    "rowing": "~row | ~row a boat",
    "driving": "~drive | ~steer a car",
    "swimming": "~make swimming motions | ~swim",
    "drumming": "~drum | ~play the drums",
    "playing drums": "~play the drums",
    "playing piano": "~play the piano",
    "piano": "~play the piano",
    "playing violin": "~play the violin",
    "violin": "~play the violin",
    "sewing": "~sew",
    "teaching": "~teach, gesturing while talking | ~teach a class",
    "pulling a gun": "~pull out a gun | ~draw a gun",
    "shooting a gun": "~shoot a gun | ~fire a gun",
    "pulling a nail": "~pull out a nail",
    "hammering a nail": "~hammer a nail",
    "hammering sequence": "~hammer several times | ~do a series of hammer blows",
    "screwing": "~screw something in | ~turn a screwdriver",
    "unscrewing": "~unscrew something | ~turn a screwdriver to unscrew something",
    "bolt tightening": "~tighten a bolt",
    "coiling a rope": "~coil a rope",
    "moving a stool": "~move a stool",
    "moving heavy box": "~move a heavy box",
    "push heavy box": "~push a heavy box",
    "push heavy object": "~push a heavy object",
    "pushing on heavy object": "~push on a heavy object",
    "pull heavy object": "~pull a heavy object",
    "drag heavy object": "~drag a heavy object",
    "push object that is high in air": "~push an object that is high in the air | ~push against something high above {them}",
    "bang on high object": "~bang on something high above {them}",
    "pushing a swing": "~push a swing",
    "pushing swing": "~push a swing",
    "closing a box": "~close a box",
    "opening a box": "~open a box",
    "opening umbrella": "~open an umbrella",
    "closing umbrella": "~close an umbrella",
    "shaking hands": "~shake hands with someone",
    "shake hands": "~shake hands with someone",
    "hand shake": "~shake hands with someone",
    "high five": "~give someone a high five",
    "peek a boo": "~play peekaboo | ~hide {their} face and ~peek out",
    "peekaboo": "~play peekaboo | ~hide {their} face and ~peek out",
    "peeping": "~peep at something | ~peek around",
    "thinker": "~pose like The Thinker | ~strike a thinking pose, chin on hand",
    "superhero": "~strike a superhero pose | ~act like a superhero",
    "flexing": "~flex {their} muscles",
    "swatting at a fly": "~swat at a fly",
    "swatting at pesky bug": "~swat at a pesky bug",
    "duck to avoid flying object": "~duck to avoid a flying object",
    "avoid attacker": "~dodge an attacker | ~avoid an attacker",
    "avoid stepping on something": "~step around something to avoid stepping on it | ~avoid stepping on something",
    "careful stepping over things": "carefully ~step over things | ~step carefully over things",
    "defensive guard pose": "~take a defensive guard pose | ~raise {their} guard defensively",
    "ready stance": "~take a ready stance | ~stand in a ready stance",
    "look around with flashlight": "~look around with a flashlight | ~search around, holding a flashlight",
    "searching ground": "~search the ground | ~look around on the ground",
    "poking ground": "~poke at the ground",
    "poking around on the ground": "~poke around on the ground",
    "looking around": "~look around",
    "shifting weight": "~shift {their} weight from foot to foot",
    "careful walk and search": "~walk carefully >> ~search around",
    "careful walk looking around": "~walk carefully while looking around | ~walk cautiously, looking around",
    "careful run in circle": "~run carefully in a circle",
    "careful run in figure eight": "~run carefully in a figure eight",
    "careful creeping": "~creep carefully",
    "run around in a circle": "~run around in a circle",
    "run in circles": "~run in circles",
    "run figure eight": "~run in a figure eight",
    "run side step left": "~run and ~sidestep to the left",
    "run turn left": "~run and ~turn left",
    "run left": "~run to the left",
    "sneak sideways": "~sneak sideways",
    "walk stealthily": "~walk stealthily | ~sneak along",
    "walk zigzag": "~walk in a zigzag",
    "walk figure eight": "~walk in a figure eight",
    "walk digital figure eight": "~walk in a squared-off figure eight | ~walk a figure eight made of straight lines and sharp turns",
    "digital figure eight": "~walk in a squared-off figure eight",
    "figure eights": "~move in figure eights | ~trace figure eights",
    "walk forward 90 degree left turn": "~walk forward and ~make a 90-degree left turn",
    "walk forward 90 degree smooth left turn": "~walk forward and ~make a smooth 90-degree left turn | ~walk forward, curving smoothly 90 degrees to the left",
    "walk forward 90 degree right turn": "~walk forward and ~make a 90-degree right turn",
    "walk forward 90 degree smooth right turn": "~walk forward and ~make a smooth 90-degree right turn | ~walk forward, curving smoothly 90 degrees to the right",
    "90-degree left turn": "~make a 90-degree left turn | ~turn 90 degrees to the left",
    "90-degree left turns": "~make 90-degree left turns | ~turn 90 degrees to the left several times",
    "sudden stop": "~stop suddenly | ~come to a sudden stop",
    "turn in place": "~turn in place | ~turn on the spot",
    "walk backward on toes bent forward": "~walk backward on {their} toes, bent forward",
    "walk backwards on toes crouched": "~walk backward on {their} toes in a crouch",
    "walk backwards crouched": "~walk backward in a crouch | ~walk backward, crouched low",
    "walk backwards bent forward": "~walk backward, bent forward",
    "walk backwards on toes": "~walk backward on {their} toes | ~walk backward on tiptoe",
    "walk on toes bent forward": "~walk on {their} toes, bent forward",
    "walk on toes crouched": "~walk on {their} toes in a crouch",
    "walk on toes": "~walk on {their} toes | ~walk on tiptoe",
    "walk bent forward": "~walk bent forward | ~walk hunched forward",
    "walk crouched": "~walk in a crouch | ~walk crouched low",
    "walk duck footed": "~walk duck-footed | ~walk with {their} toes pointing outward",
    "pigeon toed walking": "~walk pigeon-toed | ~walk with {their} toes pointing inward",
    "walk with knees bent": "~walk with {their} knees bent",
    "walk with legs apart": "~walk with {their} legs apart",
    "walk with stiff arms": "~walk with stiff arms | ~walk, holding {their} arms stiff",
    "walk with wild arms": "~walk, swinging {their} arms wildly | ~walk with wild arm movements",
    "walk with wild legs": "~walk, throwing {their} legs around wildly | ~walk with wild leg movements",
    "walk fast": "~walk fast | ~walk quickly",
    "walk slow": "~walk slowly | ~walk at a slow pace",
    "walk right angle turns": "~walk, making 90-degree turns | ~walk with sharp 90-degree turns",
    "bend over, scoop up, rise, lift arm": "~bend over >> ~scoop something up >> ~rise >> ~lift {their} arm",
    "bend, lift": "~bend down >> ~lift something",
    "bend, pick up": "~bend down >> ~pick something up",
    "lifting up": "~lift something up",
    "pick up": "~pick something up | ~pick up an object",
    "picking up something": "~pick something up",
    "picking up ball": "~pick up a ball",
    "placing ball": "~place a ball",
    "placing tee": "~place a tee",
    "walk and turn": "~walk and ~turn",
    "walk, turn in place": "~walk >> ~turn in place",
    "walk backward, turn in place": "~walk backward >> ~turn in place",
    "walk backwards and turn": "~walk backward and ~turn",
    "walk sideways and turn": "~walk sideways and ~turn",
    "sun salutation": "~do a yoga sun salutation | ~perform a sun salutation",
    "yoga": "~do yoga | ~do yoga poses",
    "tai chi": "~do tai chi | ~practice tai chi",
    "swordplay": "~fight with a sword | ~swing a sword around",
    "boxing": "~box | ~throw boxing punches",
    "breakdance": "~breakdance",
    "hopscotch": "~play hopscotch",
    "frisbee": "~throw a frisbee",
    "football": "~play football | ~throw a football",
    "idle": "~stand idle | ~stand around idly",
    "standing": "~stand | ~stand still",
    "standing still": "~stand still",
    "static pose": "~hold a static pose | ~stand still in a pose",
    "t-pose": "~stand in a T-pose | ~hold a T-pose with {their} arms out to the sides",
    "motorcycle": "~hold a motorcycle pose | ~stand as if riding a motorcycle, arms out in front",
    "motorcycle pose": "~hold a motorcycle pose | ~stand as if riding a motorcycle, arms out in front",
    "range of motion": "~move {their} joints through their range of motion | ~move each limb through its full range of motion",
    "calibration": "~move {their} limbs for a calibration | ~go through a calibration routine",
    "subject calibration": "~move {their} limbs for a calibration | ~go through a calibration routine",
    "dynamic calibration": "~move {their} limbs around for a calibration | ~go through a dynamic calibration routine",
    "mope": "~mope around | ~walk around moping",
    "pacing": "~pace back and forth",
    "march": "~march",
    "marching": "~march",
    "limp": "~limp | ~walk with a limp",
    "crawling": "~crawl | ~crawl on {their} hands and knees",
    "curtsey": "~curtsy | ~do a curtsy",
    "bow": "~bow | ~take a bow",
    "shrug": "~shrug | ~shrug {their} shoulders",
    "throw": "~throw something",
    "throwing": "~throw something",
    "throw and catch": "~throw and ~catch something",
    "toss and catch": "~toss something and ~catch it",
    "catch and throw": "~catch something >> ~throw it back",
    "wave": "~wave",
    "waving": "~wave",
    "arguing": "~argue with someone | ~argue, gesturing with {their} hands",
    "laugh": "~laugh",
    "laughing": "~laugh | ~laugh out loud",
    "crying": "~cry | ~cry with {their} face in {their} hands",
    "freezing": "~act as if freezing | ~shiver as if freezing",
    "cold": "~act cold | ~shiver as if cold",
    "story": "~tell a story | ~tell a story with gestures",
    "alaska vacation": "~act out an Alaska vacation | ~mime a vacation in Alaska",
    "alaskan vacation": "~act out an Alaskan vacation | ~mime a vacation in Alaska",
    "helicopter": "~pretend to be a helicopter | ~spin {their} arms like a helicopter",
    "airplane": "~pretend to be an airplane | ~hold {their} arms out like airplane wings",
    "turning": "~turn | ~turn around",
    "jumping jacks": "~do jumping jacks",
    "lunges": "~do lunges",
    "left lunges": "~do lunges with the left leg | ~lunge with {their} left leg",
    "left punch sequence": "~throw a sequence of punches with the left hand | ~punch several times with {their} left fist",
    "punch sequence": "~throw a sequence of punches | ~punch several times in a row",
    "left blocks": "~block with the left arm | ~do blocks with {their} left arm",
    "left front kicking": "~do front kicks with the left leg | ~kick forward with {their} left leg",
    "front kicking": "~do front kicks | ~kick forward",
    "front kick": "~do a front kick | ~kick forward",
    "kicking": "~kick",
    "punching": "~punch | ~throw punches",
    "punch kick": "~punch >> ~kick",
    "punch and kick": "~punch >> ~kick",
    "punch/strike": "~punch | ~strike out | ~throw a punch",
    "slow walk/stride": "~walk slowly with long strides | ~stride slowly",
    "adjust hair walk forward": "~adjust {their} hair >> ~walk forward",
    "figure eight": "~walk in a figure eight",
    "coffee mug": "~drink from a coffee mug | ~sip from a coffee mug",
    "wait": "~wait | ~stand and ~wait",
    "waiting": "~wait | ~stand and ~wait",
    "charleston": "~dance the Charleston | ~do the Charleston",
    "left spin reach": "~spin to the left and ~reach out",
    "reach left": "~reach to the left | ~reach out to the left",
    "roll over": "~roll over",
    "lay down": "~lie down",
    "get up from floor": "~get up from the floor",
    "get up from ground": "~get up from the ground",
    "getting up from ground": "~get up from the ground",
    "get up from chair": "~get up from a chair",
    "getting up from chair": "~get up from a chair",
    "sitting in chair": "~sit in a chair",
    "sit on stool": "~sit on a stool",
    "high sit": "~sit down on a high seat",
    "medium sit": "~sit down on a medium-height seat",
    "low sit": "~sit down on a low seat",
    "step over": "~step over something",
    "stepping over": "~step over something",
    "walking up stairs": "~walk up the stairs",
    "stretch and yawn": "~stretch and ~yawn",
    "stretching": "~stretch",
    "stretch": "~stretch",
    "whale": "~act like a whale | ~imitate a whale",
    "roadrunner": "~act like a roadrunner | ~run around like a roadrunner",
    "gangly teen": "~act like a gangly teenager",
    "graceful lady": "~act like a graceful lady",
    "old man": "~act like an old man",
    "sexy lady": "~act like a sexy lady",
    "strong man": "~act like a strongman",
    "straight drive from stop": "~drive straight ahead from a standstill, basketball style | ~start from a stop and ~drive straight ahead",
    "left drive (right then left)": "~step right and then ~drive to the left, basketball style | ~fake right, then ~drive left",
    "offensive move go left": "~make an offensive basketball move to the left | ~drive to the left like a basketball attacker",
    "offensive move spin left": "~do an offensive spin move to the left | ~spin to the left past an imaginary defender",
    "walk evasive left": "~walk and ~dodge to the left | ~step evasively to the left while walking",
    "feint left move right": "~fake to the left, then ~move right | ~feint left and ~go right",
    "fake shot break left": "~fake a shot, then ~break to the left | ~pump-fake a shot and ~cut left",
    "defensive left stop to stop": "~slide to the left in a defensive stance, stopping and starting",
    "defensive move side to side": "~shuffle from side to side in a defensive stance",
    "defensive move zigzag": "~move in a zigzag in a defensive stance",
    "defensive straight no stop": "~move straight ahead in a defensive stance without stopping",
    "defensive straight with stop": "~move straight ahead in a defensive stance and then ~stop",
    "running no ball": "~run without a ball",
    "running straight": "~run straight ahead",
    "running wide left": "~run in a wide curve to the left",
    "running tighter left": "~run in a tight curve to the left",
    "left wide turn": "~make a wide turn to the left | ~move in a wide curve to the left",
    "left tight turn": "~make a tight turn to the left | ~turn sharply to the left",
    "super tight left": "~make a very tight turn to the left | ~turn very sharply to the left",
    "pivoting": "~pivot on one foot | ~pivot around",
    "lean turn left": "~lean into a left turn",
    "push turn left": "~push off and ~turn left",
    "duck under": "~duck under something",
    "ducking": "~duck | ~duck down",
    "traffic walk": "~walk as if through traffic | ~walk as if crossing a busy street",
    "random walk": "~walk around randomly | ~walk in random directions",
    "casual walk": "~walk casually",
    "walking with obstacles": "~walk around obstacles | ~walk among obstacles",
    "jump, balance": "~jump >> ~balance",
    "walk, veer left": "~walk >> ~veer left | ~veer to the left | ~curve off to the left",
    "run, veer left": "~run >> ~veer left | ~veer to the left | ~curve off to the left",
    "run/jog, veer left": "~run | ~jog >> ~veer left | ~veer to the left | ~curve off to the left",
    "run/jog, sudden stop": "~run | ~jog >> ~stop suddenly | ~come to a sudden stop",
    "run, leap": "~run >> ~leap | ~leap into the air",
    "pregnant woman": "~move around",
    "post pregnant woman": "~move around",
    "female general subject": "~move around | ~perform various motions",
    "general subject capture": "~move around | ~perform various motions",
    "motion": "~move | ~perform a motion",
    "assorted motions": "~perform various motions | ~make an assortment of movements",
    "various expressions and human behaviors": "~act out various expressions and behaviors",
    "various everyday behaviors": "~go through various everyday activities",
    "various everyday behaviors, dance moves": "~go through everyday activities >> ~do some dance moves",
    "actor everyday activities": "~act out everyday activities",
    "different walking styles": "~walk in different styles",
    "various style walks": "~walk in various styles",
    "stylized walks": "~walk in a stylized way",
    "stylized motions": "~move in exaggerated, stylized ways",
    "weird walks": "~walk in weird ways",
    "varying weird walks": "~walk in various weird ways",
    "baby styled walk": "~walk like a baby | ~toddle like a baby",
    "michael jackson styled motions": "~move like Michael Jackson",
    "martial arts walks": "~step through martial arts moves",
    "skateboard motions": "~ride a skateboard | ~skateboard",
    "sports related motions": "~make sports movements",
    "sports and various activities": "~play sports and ~do various activities",
    "human interaction": "~interact with another person",
    "human interaction and communication": "~interact and ~communicate with another person",
    "human interaction - at play, formations": "~play with another person, moving in formation",
    "vignettes - locomotion, upper-body motions": "~move around and ~make various upper-body motions",
    "nursery rhymes": "~act out nursery rhymes",
    "nursery rhymes, basketball, bending": "~act out nursery rhymes >> ~play basketball >> ~bend over",
    "recreation, nursery rhymes": "~play around >> ~act out nursery rhymes",
    "recreation, nursery rhymes, animal behaviors": "~play around >> ~act out nursery rhymes >> ~imitate animals",
    "animal behaviors": "~imitate animal behaviors | ~act out the way animals move",
    "navigate from corner to corner, interact with stepstool": "~walk from corner to corner >> ~interact with a stepstool",
    "climb, swing, hang on playground equipment": "~climb, ~swing, and ~hang on playground equipment",
    "swing on playground equipment": "~swing on playground equipment",
    "construction work, random motions": "~act out construction work >> ~make random motions",
    "carry suitcase with varying weights": "~carry a suitcase | ~carry a suitcase of different weights",
    "suitcase": "~carry a suitcase",
    "kicks and walking on slopes": "~kick >> ~walk on slopes",
    "jumps; hopscotch; sits": "~jump >> ~play hopscotch >> ~sit",
    "jumps; flips; breakdance": "~jump >> ~do flips >> ~breakdance",
    "jumping; pushing; emotional walks": "~jump >> ~push something >> ~walk with emotion",
    "pushing a box; jumping off a ledge; walks": "~push a box >> ~jump off a ledge >> ~walk",
    "cartwheels; acrobatics; dances": "~do cartwheels >> ~perform acrobatics >> ~dance",
    "acrobatics": "~perform acrobatics | ~do acrobatic moves",
    "acrobatics - spin/twirl, hang on ropes": "~spin | ~twirl >> ~hang on ropes",
    "modern dance, gymnastics": "~do modern dance and gymnastics",
    "avoidance": "~move to avoid things | ~dodge and ~evade",
    "careful actions": "~move carefully | ~act cautiously",
    "steps": "~take steps",
    "varying height and length steps": "~take steps of varying height and length",
    "marching, walking and talking": "~march >> ~walk and ~talk",
    "action walks, sneaking, wounded, looking around": "~walk >> ~sneak >> ~limp as if wounded >> ~look around",
    "action adventure obstacles, running, jumping, ducking, rolling": "~run >> ~jump >> ~duck >> ~roll",
    "action adventure motions running, ducking, rolling, stopping": "~run >> ~duck >> ~roll >> ~stop",
    "getting up from ground": "~get up from the ground",
    "bending over": "~bend over",
    "tai chi, walk": "~do tai chi >> ~walk",
    "salsa": "~dance salsa",
    "golf": "~play golf | ~swing a golf club",
    "basketball": "~play basketball",
    "punching female": "~punch | ~throw punches",
    "vignettes - locomotion, upper-body motions (focus: motion transitions)": "~move around and ~make various upper-body motions",
}

# Two-person scenes: the take shows one role. "{o}" is the other person.
ROLES: dict[str, tuple[str, str]] = {
    "a comforts b, puts both hands on b's shoulders": (
        "~put both hands on the shoulders of {o} to comfort them | ~comfort {o}, putting both hands on their shoulders",
        "~stand while {o} comforts {them} with both hands on {their} shoulders | ~get comforted by {o} with both hands on {their} shoulders",
    ),
    "a comforts b, puts one hand on b's shoulder": (
        "~put a hand on the shoulder of {o} to comfort them | ~comfort {o}, putting a hand on their shoulder",
        "~stand while {o} comforts {them} with a hand on {their} shoulder | ~get comforted by {o} with a hand on {their} shoulder",
    ),
    "a gives b a shoulder rub; b sits, a stands": (
        "~stand and ~give {o} a shoulder rub | ~rub the shoulders of {o} who is sitting",
        "~sit while {o} gives {them} a shoulder rub | ~sit and ~get a shoulder rub from {o}",
    ),
    "a passes soda to b; both drink": ("~pass a soda to {o} >> ~drink", "~take a soda from {o} >> ~drink"),
    "a pulls b by the elbow; b resists": (
        "~pull {o} by the elbow | ~tug {o} along by the elbow",
        "~resist as {o} pulls {them} by the elbow | ~resist being pulled by the elbow",
    ),
    "a pulls b; b resists": ("~pull {o} along | ~pull {o} who resists", "~resist as {o} pulls {them} | ~resist being pulled"),
    "a shelters b, a younger child, from harm": (
        "~shelter a younger child from harm | ~protect a small child, shielding them",
        "~act as a younger child who is being sheltered from harm | ~huddle while someone shelters {them}",
    ),
    "a sits, holds face in hands; b kneels, comforts a": (
        "~sit and ~hold {their} face in {their} hands while {o} comforts {them}",
        "~kneel >> ~comfort {o} who is sitting with their face in their hands",
    ),
    "a sits; b pulls up a": (
        "~sit >> ~get pulled up by {o} | ~let {o} pull {them} up",
        "~pull {o} up from a seat | ~help {o} up by pulling",
    ),
    "a stares down b, leans with hands on high stool": (
        "~stare down {o} >> ~lean with {their} hands on a high stool",
        "~face {o} who is staring {them} down and leaning on a high stool",
    ),
    "a stumbles into b": ("~stumble into {o}", "~get bumped by {o} who stumbles into {them} | ~catch {o} who stumbles into {them}"),
    "conversation - b pounds high stool, points at a": (
        "~talk with {o} who pounds on a high stool and points at {them}",
        "~pound on a high stool >> ~point at {o}",
    ),
    "violence - a picks up high stool, threatens to strike b": (
        "~pick up a high stool >> ~threaten to strike {o} with it",
        "~face {o} who picks up a high stool and threatens to strike {them} | ~shrink back as {o} threatens {them} with a stool",
    ),
    "friends meet, hang out; a sits, b joins a": (
        "~meet a friend and ~hang out >> ~sit down",
        "~meet a friend and ~hang out >> ~join {o} who is sitting | ~sit down next to a friend",
    ),
    "navigate busy sidewalk; a leads the way, takes b by the arm": (
        "~lead the way along a busy sidewalk >> ~take {o} by the arm",
        "~follow {o} along a busy sidewalk >> ~get taken by the arm",
    ),
    "walk; a catches keys thrown by b": ("~walk >> ~catch keys thrown by {o}", "~walk >> ~throw keys to {o}"),
    "walk; a catches wallet thrown by b": ("~walk >> ~catch a wallet thrown by {o}", "~walk >> ~throw a wallet to {o}"),
}
OTHERS = ("another person", "someone else", "a partner", "the other person")
# Words that make a scene redundant ("dribbles a basketball ... with a basketball").
SCENE_SKIP = {"basketball": ("ball",), "conversation": ("talk",), "quarrel": ("argu", "quarrel"), "dance": ("danc",)}

# Prefixes before " - ": scene words, or nothing for pure labels.
SCENES: dict[str, tuple[str, ...]] = {
    "playground": ("on a playground", "on the playground", "on playground equipment"),
    "dance": ("in a dance", "as part of a dance", "while dancing"),
    "basketball": ("with a basketball", "while playing basketball"),
    "conversation": ("in a conversation", "while talking with someone"),
    "quarrel": ("in a quarrel", "while arguing with someone"),
    "football": (),
    "soccer": (),
    "vignettes": (),
    "navigate": (),
    "violence": (),
    "acrobatics": (),
    "stretch": (),
    "nursery rhyme": (),
    "hand signals": (),
    "squirrel": (),
    "static dance pose": (),
}

# Single fragments ("pirouette", "dangle legs"): one action each.
FRAGMENTS: dict[str, str] = {
    # playground
    "climb": "~climb | ~climb up",
    "hang": "~hang | ~hang from a bar",
    "swing": "~swing",
    "go under": "~go under something | ~go underneath",
    "drop": "~drop down | ~let go and ~drop",
    "dangle": "~dangle | ~hang and ~dangle",
    "dangle legs": "~dangle {their} legs",
    "descend": "~climb down | ~descend",
    "rock back": "~rock back",
    "lower self to ground": "~lower {themselves} to the ground",
    "pull up": "~pull {themselves} up | ~do a pull-up",
    "legs push off against": "~push off with {their} legs",
    "hold self up with arms straight": "~hold {themselves} up with straight arms",
    "grip bar": "~grip a bar",
    "swing body": "~swing {their} body",
    "turn around": "~turn around",
    "jump down": "~jump down",
    "sit": "~sit | ~sit down",
    "sits": "~sit | ~sit down",
    # dance
    "expressive arms": "~move {their} arms expressively | ~make expressive arm movements",
    "pirouette": "~do a pirouette | ~spin in a pirouette",
    "pirouettes": "~do pirouettes | ~spin in several pirouettes",
    "shifted-axis pirouette": "~do an off-axis pirouette | ~spin in a tilted pirouette",
    "sideways arabesque": "~do a sideways arabesque | ~balance on one leg with the other stretched out to the side",
    "side arabesque": "~do a side arabesque | ~balance on one leg with the other stretched out to the side",
    "fold in from side arabesque": "~fold in from a side arabesque",
    "curl inwards": "~curl inward",
    "turn step": "~do a turning step",
    "folding arms": "~fold {their} arms in",
    "arching arms": "~arch {their} arms",
    "bending back": "~bend backward",
    "quasi-cou-de-pied": "~lift one foot to the ankle of the other leg",
    "raised leg above hip-height": "~raise a leg above hip height",
    "jete en tourant": "~do a turning leap | ~leap with a turn",
    "grand jete en tourant": "~do a big turning leap | ~do a grand jete with a turn",
    "cartwheel-like start": "~start with a cartwheel-like move",
    "jete": "~do a leap | ~leap from one foot to the other",
    "small jetes": "~do small leaps | ~do a few small jetes",
    "attitude/arabesque": "~pose on one leg with the other leg raised behind | ~hold an attitude and an arabesque",
    "rond de jambe in the air": "~circle one leg in the air",
    "glissade devant": "~do a gliding step forward",
    "glissade derriere": "~do a gliding step backward",
    "retire derriere": "~draw one foot up behind the knee",
    "coupe dessous": "~do a quick coupe step | ~step under with a quick cutting step",
    "arms held high": "~hold {their} arms up high | ~raise {their} arms high",
    "pointe tendue a terre": "~point one foot out along the floor",
    "upper body rotation": "~rotate {their} upper body",
    "lean back on bent leg": "~lean back on a bent leg",
    "balance": "~balance | ~keep {their} balance",
    "bend elbow by ear": "~bend an elbow beside {their} ear",
    "bring back leg forward": "~bring the back leg forward",
    "sideways steps": "~step sideways | ~take sideways steps",
    "turn": "~turn",
    # basketball (after "basketball - ")
    "forward dribble": "~dribble a basketball forward | ~dribble the ball while moving forward",
    "backward dribble": "~dribble a basketball while moving backward | ~dribble the ball backward",
    "sideways dribble": "~dribble a basketball while moving sideways | ~dribble the ball sideways",
    "crossover dribble": "~do a crossover dribble | ~dribble the ball from hand to hand",
    "dribble": "~dribble a basketball | ~dribble the ball",
    "shoot": "~shoot | ~shoot the ball",
    "low": "~stay low",
    "fast free style dribble": "~dribble fast, freestyle",
    "dribble through legs": "~dribble the ball through {their} legs",
    "shoot basketball": "~shoot a basketball",
    # vignettes
    "fists up": "~raise {their} fists | ~put {their} fists up",
    "wipe window": "~wipe a window",
    "grab": "~grab something",
    "angrily grab": "angrily ~grab something | ~grab something angrily",
    "lift open window": "~lift a window open | ~push a window open",
    "throw punches": "~throw punches",
    "smash against wall": "~smash something against a wall",
    "jump/bound": "~jump | ~bound forward",
    "run/jog": "~run | ~jog",
    "drink water": "~drink water",
    "leap": "~leap",
    "yawn": "~yawn",
    "skip": "~skip",
    "hop": "~hop",
    # lists of exercises
    "side twists": "~do side twists | ~twist from side to side",
    "squats": "~do squats | ~squat several times",
    "stretches": "~stretch | ~do some stretches",
    "reach up": "~reach up",
    "bend over": "~bend over",
    "jog": "~jog",
    "spin kicks": "~do spin kicks",
    "spins": "~spin around | ~do spins",
    "flips": "~do flips",
    "cartwheels": "~do cartwheels | ~do a few cartwheels",
    "cartwheel": "~do a cartwheel",
    "handstands": "~do handstands",
    "handstand": "~do a handstand",
    "backflip": "~do a backflip",
    "backflips": "~do backflips",
    "fall": "~fall | ~fall down",
    "and fall": "~fall | ~fall down",
    # everyday
    "wave": "~wave",
    "point": "~point",
    "direct traffic": "~direct traffic",
    "fidget": "~fidget",
    "stand up": "~stand up",
    "walk": "~walk",
    "run": "~run",
    "jump": "~jump",
    "walking": "~walk",
    "running": "~run",
    "jumping": "~jump",
    "walks": "~walk",
    "turns": "~turn",
    "jumps": "~jump",
    "kick": "~kick",
    "kicks": "~kick",
    "punch": "~punch",
    "throw": "~throw",
    "catch": "~catch",
    "jump around": "~jump around",
    "veer left": "~veer left | ~veer to the left | ~curve off to the left",
    "wander": "~wander around",
}

# "<manner> walk": words that say how something is done.
# Each value: alternatives after the verb; "act" words for "act <adj>".
MANNERS: dict[str, str] = {
    "slow": "slowly | at a slow pace",
    "brisk": "briskly | at a brisk pace",
    "quick": "quickly | fast",
    "fast": "fast | quickly",
    "casual quick": "casually and quickly | at a quick, casual pace",
    "casual": "casually | in a relaxed, casual way",
    "careful": "carefully | cautiously",
    "stiff": "stiffly | with stiff legs",
    "sad": "sadly | in a sad way",
    "happy": "happily | in a happy way",
    "very happy": "very happily | in a very happy way",
    "elated": "in an elated way | with elation",
    "joy": "joyfully | full of joy",
    "excited": "excitedly | with excitement",
    "confident": "confidently | with confidence",
    "normal": "normally | in a normal way",
    "regular": "normally | at a regular pace",
    "relaxed": "in a relaxed way | in a relaxed manner",
    "rushed": "in a rush | hurriedly",
    "bouncy": "with a bounce in {their} step | bouncily",
    "straight": "in a straight line | straight ahead",
    "stern": "sternly | with a stern air",
    "attitude": "with attitude | with a lot of attitude",
    "lavish": "lavishly | in a showy, lavish way",
    "too cool": "in a too-cool way | with an exaggerated cool swagger",
    "cool": "coolly | in a cool, laid-back way",
    "depressed": "in a depressed way | dejectedly",
    "clumsy": "clumsily | in a clumsy way",
    "shy": "shyly | timidly",
    "achy": "as if {their} body aches | stiffly, as if aching",
    "scared": "fearfully | in a scared way",
    "macho": "in a macho way | with a macho swagger",
    "sexy": "in a sexy way | seductively",
    "ghetto": "with a street-style swagger | with an exaggerated street swagger",
    "happy go lucky": "in a happy-go-lucky way | in a carefree way",
    "childish": "in a childish way | like a child",
    "sneaky": "sneakily | stealthily",
    "sneaking": "sneakily | stealthily",
    "creeping": "creepingly, as if sneaking | in a creeping way",
    "silent": "silently | quietly",
    "upset": "in an upset way | looking upset",
    "cold": "as if cold | shivering as if cold",
    "drunk": "like a drunk person | drunkenly",
    "zombie": "like a zombie",
    "mummy": "like a mummy",
    "robot": "like a robot",
    "gorilla": "like a gorilla",
    "cat": "like a cat",
    "chicken": "like a chicken",
    "dinosaur": "like a dinosaur",
    "gangly teen": "like a gangly teenager",
    "graceful lady": "gracefully, like a lady | like a graceful lady",
    "old man": "like an old man",
    "elderly man": "like an elderly man",
    "sexy lady": "like a sexy lady",
    "strong man": "like a strongman | like a strong man",
    "mickey": "like Mickey Mouse | in a cartoonish Mickey Mouse style",
    "painful left knee": "with a painful left knee | with a sore left knee",
}
# Manner words that can be shown without a verb: "sad" -> "act sad".
EMOTIONS = {
    "sad": "sadness", "happy": "happiness", "very happy": "great happiness", "elated": "elation",
    "joy": "joy", "excited": "excitement", "scared": "fear", "upset": "distress", "depressed": "depression",
    "relaxed": "relaxation", "childish": "childishness", "shy": "shyness",
}  # fmt: skip

# Creatures and characters acted out: "act like a <x>".
ANIMALS = (
    "bear", "dog", "snake", "chicken", "monkey", "mouse", "cat", "elephant", "dinosaur", "fish", "whale",
    "prairie dog", "horse", "cow", "tiger", "penguin", "bird", "chipmunk", "panther", "gorilla", "squirrel",
    "hummingbird", "roadrunner", "pterosaur", "panda", "dragon", "ghost", "genie", "devil", "robot", "zombie",
    "t-rex", "tyrannosaurus rex", "animal", "dancing animal", "dancing bear", "dancing ant", "hippo ballerina",
    "insect", "praying mantis", "mummy",
)  # fmt: skip
ANIMAL_FORMS = "~act like {a} | ~imitate {a} | ~pretend to be {a} | ~move like {a}"

# Hints from the subject description: (pattern, hint name).
HINTS = (
    (r"golf", "golf"),
    (r"swimming", "swim"),
    (r"skateboard", "skateboard"),
    (r"styl|weird walks|walks and turns|^motion$|marching, walking", "walk_style"),
    (r"animal|pantomime", "animal"),
    (r"female|woman", "female"),
    (r"michael jackson", "mj"),
    (r"baby", "baby"),
    (r"suitcase", "suitcase"),
    (r"slope", "slope"),
    (r"martial arts", "karate"),
    (r"breakdance", "breakdance"),
)
HINT_FRAGMENTS: dict[str, dict[str, str]] = {
    "golf": {
        "swing": "~swing a golf club | ~take a golf swing",
        "putt": "~putt a golf ball | ~make a putt",
        "placing tee": "~place a golf tee in the ground",
        "placing ball": "~place a golf ball on the tee | ~set down a golf ball",
        "picking up ball": "~pick up a golf ball",
    },
    "swim": {
        "free style": "~make freestyle swimming strokes | ~swim freestyle",
        "butterfly": "~make butterfly swimming strokes | ~swim the butterfly stroke",
        "fly stroke": "~make butterfly swimming strokes | ~swim the butterfly stroke",
        "back stroke": "~make backstroke swimming motions | ~swim backstroke",
        "breast stroke": "~make breaststroke swimming motions | ~swim breaststroke",
    },
    "skateboard": {
        "go forward": "~ride forward on a skateboard | ~roll forward on a skateboard",
        "start": "~push off to start riding a skateboard",
        "stop and go": "~stop on a skateboard >> ~push off again",
        "pump jump": "~pump down and ~jump on a skateboard",
        "push turn left": "~push off on a skateboard and ~turn left",
        "lean turn left": "~lean into a left turn on a skateboard",
        "duck under": "~duck under something while riding a skateboard",
    },
    "karate": {
        "bassai": "~perform the Bassai karate kata | ~go through a karate kata",
        "empi": "~perform the Empi karate kata | ~go through a karate kata with elbow strikes",
        "heiansyodan": "~perform the Heian Shodan karate kata | ~go through a beginner karate kata",
        "gedanbarai": "~do a karate downward block | ~block downward with a gedan barai",
        "oiduki": "~step forward with a karate lunge punch | ~do an oi-zuki lunge punch",
        "syutouuke": "~do a karate knife-hand block | ~block with a shuto uke",
        "mawashigeri": "~do a karate roundhouse kick | ~kick with a mawashi geri",
        "yokogeri": "~do a karate side kick | ~kick sideways with a yoko geri",
        "front kick": "~do a karate front kick | ~kick straight forward",
    },
    "breakdance": {
        "helicopter": "~do the helicopter breakdance move | ~spin {their} legs around in a helicopter move",
        "motorcycle pose": "~hold a motorcycle pose",
        "jump twist": "~jump and ~twist in the air",
    },
    "walk_style": {
        "forward": "~walk forward",
        "small forward": "~take a small step forward | ~walk forward a little",
        "180": "~turn 180 degrees | ~make a 180-degree turn",
        "90": "~turn 90 degrees | ~make a 90-degree turn",
        "270": "~turn 270 degrees | ~make a three-quarter turn",
        "360": "~turn all the way around | ~make a full 360-degree turn",
        "story": "~tell a story while walking | ~walk and ~talk, telling a story",
        "marching": "~march",
        "singing in the rain jump": "~do a joyful jump like in Singing in the Rain",
    },
    "baby": {
        "walk left": "~walk to the left",
        "walk right": "~walk to the right",
    },
}
# Whole-sentence manners from hints: (alternatives, position).
HINT_MANNERS = {
    "mj": ("in the style of Michael Jackson", "like Michael Jackson", "with Michael Jackson flair"),
    "baby": ("like a baby", "like a toddler"),
}
HINT_SCENES = {
    "skateboard": ("on a skateboard",),
}
# Never given a scene or a manner: calibration-like takes.
STANDALONE = ("motorcycle", "range of motion", "t-pose", "calibration", "static pose", "idle")

# Mirror images of the left-handed entries, so that the two sides agree.
for _table in (DESCRIPTIONS, FRAGMENTS, ROLES):
    for _key, _value in list(_table.items()):
        _twin = swap_left_right(_key)
        if _twin != _key and _twin not in _table:
            _table[_twin] = (
                tuple(swap_left_right(v) for v in _value) if isinstance(_value, tuple) else swap_left_right(_value)
            )
for _hint in HINT_FRAGMENTS.values():
    for _key, _value in list(_hint.items()):
        _hint.setdefault(swap_left_right(_key), swap_left_right(_value))

# ====================================================================== generic grammar

VERBS = frozenset(
    """walk run jog jump hop skip leap bound climb swing hang sit stand stop turn veer bend lean lift pick put
    set carry throw catch toss kick punch strike block dance spin twirl twist roll flip fall crawl creep sneak
    step march stretch yawn wave point reach grab pull push drag drink eat wash sweep mop clean chop dig plant
    paint rake play shake drop dangle descend go rise scoop balance bow curtsy shrug laugh cry argue look search
    poke investigate duck dive dodge avoid swat attack feign limp hobble stride wander pace kneel squat lie get
    answer dial type write brush comb shave hammer saw screw unscrew tighten loosen coil open close move hold rub
    comfort shelter stare pound threaten pass resist join lead meet navigate follow rush scramble shoot dribble
    pivot drive fake fix adjust bang slap whistle mope peek grip smash wipe explain hug tiptoe rotate revolve fold
    curl arch bring raise lower chug sip sew vacuum fish row flex fly freeze slide shuffle trip stumble slip
    glide cross circle approach enter exit leave return crouch jab swim sidestep lay start""".split()
)
_GERUNDS = {gerund(v): v for v in VERBS} | {"laying": "lie", "lying": "lie", "sidestepping": "sidestep"}
BODY_PARTS = frozenset(
    "arm arms leg legs hand hands head hair teeth shoulder shoulders body foot feet knee knees hip hips elbow "
    "elbows chin face neck torso fists fist wrist wrists ankle ankles toes forearms".split()
)
DETERMINERS = frozenset("a an the their his her its one both each other another some this that his my your".split())
PREPOSITIONS = frozenset("with on in through by behind over under to against onto into from".split())
# Nouns that take "a" on first mention and "the" after.
COUNTABLE = frozenset(
    """object box stool stepstool ladder ball suitcase tree plant flower hole picture nail rope umbrella
    chalkboard laptop sandwich bottle window baby dress hat coat jacket skirt sweater pullover wrench
    hammer gun swing ledge platform chair broom bug fly wall glass beer martini basket toolbox bar""".split()
)
DEFINITE = frozenset("floor ground phone piano drums violin stairs air".split())
SIZES = {
    "short": "short", "small": "small", "medium": "medium-sized", "large": "large",
    "very large": "very large", "quick large": "quick, large", "big": "big",
}  # fmt: skip
SIZED_HEADS = ("step", "sidestep", "hop", "jump")
# Words that make the next noun part of a compound ("heavy box", "tool box"): no article between.
COMPOUND_FIRST = frozenset("heavy high tool laundry coffee push hand".split())

# Sentence patterns. {S} subject, {v1}.. verbs agreeing with it, {g1}.. -ing
# forms, {b2} verb agreeing with the pronoun {P}, {list} all but the last.
PATTERNS = {
    1: (("{S} {v1}", 8), ("{S} is {g1}", 2)),
    2: (
        ("{S} {v1} and then {v2}", 5),
        ("{S} {v1}, then {v2}", 3),
        ("{S} {v1} and {v2}", 2),
        ("{S} first {v1}, then {v2}", 1),
        ("{S} {v1} before {g2}", 1),
        ("after {g1}, {S} {v2}", 1),
        ("{S} {v1}, and then {P} {b2}", 1),
    ),
    3: (
        ("{S} {list}, and then {vlast}", 5),
        ("{S} {list}, then {vlast}", 2),
        ("{S} {list}, and {vlast}", 2),
        ("{S} first {v1}, then {middle}, and finally {vlast}", 1),
    ),
}
REPEATS = (", repeating this several times", ", over and over", " repeatedly")


# ====================================================================== parsing


@dataclass
class Act:
    """One listed action: alternative base-form verb phrases for it."""

    forms: tuple[str, ...]


@dataclass
class Reading:
    """What a description says: actions in order plus sentence-wide extras."""

    acts: list[Act] = field(default_factory=list)
    scenes: tuple[str, ...] = ()
    manners: tuple[str, ...] = ()
    repeat: bool = False
    gender: str = ""
    standalone: bool = False


def _alternatives(spec: str) -> list[Act]:
    """Return the actions of a table entry ("a | b >> c")."""
    return [Act(tuple(p.strip() for p in part.split(" | ") if p.strip())) for part in spec.split(" >> ") if part.strip()]


def _possessives(words: list[str]) -> list[str]:
    """Return ``words`` with "{their}" before bare body parts ("lift arm" -> "lift {their} arm")."""
    out: list[str] = []
    for i, word in enumerate(words):
        previous = out[-1] if out else ""
        if word in BODY_PARTS and i > 0 and previous not in DETERMINERS and (previous in PREPOSITIONS or i == 1):
            out.append("{their}")
        out.append(word)
    return out


def _articles(words: list[str], seen: set[str]) -> list[str]:
    """Return ``words`` with "a"/"the" before bare countable nouns; ``seen`` remembers earlier mentions."""
    out: list[str] = []
    for i, word in enumerate(words):
        previous = out[-1] if out else ""
        bare = previous not in DETERMINERS and not previous.endswith("'s") and not previous.isdigit()
        if i > 0 and bare and previous not in COMPOUND_FIRST:
            if word in COUNTABLE:
                out.append("the" if word in seen else with_article(word).split()[0])
                seen.add(word)
            elif word in DEFINITE:
                out.append("the")
        elif i > 0 and word in COUNTABLE:
            seen.add(word)
        out.append(word)
    return out


NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five"}
TAIL_FIXES = (
    (r"\bto (left|right)\b", r"to the \1"),
    (r"\bself\b", "{themselves}"),
    (r"\bon toes\b", "on {their} toes"),
    (r"\bslow\b", "slowly"),
    (r"\bin circle\b", "in a circle"),
    (r"\bin air\b", "in the air"),
    (r"\b(figure eight|zigzag)$", r"in a \1"),
)


def _verb_phrase(words: list[str], seen: set[str]) -> str:
    """Return a marked base-form verb phrase from words whose first word is a verb."""
    verb = words[0]
    rest = _articles(_possessives(words), seen)[1:]
    if verb in ("lay", "lie") and rest[:1] in (["down"], ["on"]):
        verb = "lie"
    tail = " ".join(NUMBER_WORDS.get(w, w) for w in rest)
    for pattern, repl in TAIL_FIXES:
        tail = re.sub(pattern, repl, tail)
    return f"~{verb} {tail}".strip()


def _sized(words: list[str], seen: set[str]) -> list[Act]:
    """Return "take a short step forward" style actions for "<size> <step|hop|jump> <where>"."""
    text = " ".join(words)
    for size in sorted(SIZES, key=len, reverse=True):
        for head in SIZED_HEADS:
            m = re.match(rf"^{size} {head}(s?)\b(.*)$", text)
            if not m:
                continue
            plural, where = m.group(1), m.group(2).strip()
            for pattern, repl in TAIL_FIXES:
                where = re.sub(pattern, repl, where)
            adjective = SIZES[size]
            take = "~take" if head in ("step", "sidestep") else "~do"
            noun = f"{adjective} {head}{plural}"
            first = f"{take} {noun if plural else with_article(noun)} {where}".strip()
            verb, unit = ("step sideways", "step") if head == "sidestep" else (head, head)
            second = f"~{verb} {where} with {'' if plural else 'a '}{adjective} {unit}{plural}".replace("  ", " ")
            return [Act((first, second.strip()))]
    return []


def _manner_split(text: str) -> tuple[str, str]:
    """Return (manner key, rest) when ``text`` starts with a manner word, else ("", text)."""
    for key in sorted(MANNERS, key=len, reverse=True):
        if text.startswith(key + " "):
            return key, text[len(key) + 1 :]
    return "", text


def _with_manner(acts: list[Act], key: str) -> list[Act]:
    """Return ``acts`` with the manner ``key`` added to the first one."""
    if not acts:
        return acts
    manners = [m.strip() for m in MANNERS[key].split(" | ")]
    first = acts[0]
    forms = tuple(f"{form} {manner}" for form in first.forms for manner in manners)
    return [Act(forms)] + acts[1:]


def _animal(text: str) -> list[Act]:
    """Return "act like a <animal>" actions, or [] when ``text`` names no creature."""
    names = [n.strip() for n in text.split("/")]
    if not all(n in ANIMALS for n in names):
        return []
    creature = " or ".join(with_article(n) for n in names)
    return _alternatives(ANIMAL_FORMS.replace("{a}", creature))


def _fragment(text: str, hints: set[str], seen: set[str], depth: int = 0) -> list[Act]:
    """Return the actions that one comma-separated fragment describes ([] when it says nothing)."""
    text = text.strip(" ,;.")
    if not text or depth > 3:
        return []
    for hint in sorted(hints):
        table = HINT_FRAGMENTS.get(hint, {})
        if text in table:
            return _alternatives(table[text])
    if text in DESCRIPTIONS and DESCRIPTIONS[text]:
        return _alternatives(DESCRIPTIONS[text])
    if text in FRAGMENTS:
        return _alternatives(FRAGMENTS[text])
    if text in MANNERS:
        if "walk_style" in hints or "baby" in hints:
            return _with_manner([Act(("~walk",))], text)
        if text in EMOTIONS:
            return [Act((f"~act {text}", f"~look {text}", f"~show {EMOTIONS[text]}"))]
    creature = _animal(text)
    if creature:
        if "walk_style" in hints:
            return _with_manner([Act(("~walk",))], text) if text in MANNERS else [Act((f"~walk like {with_article(text)}",))]
        return creature
    m = re.match(r"^(?:carry )?(\d+(?:\.\d+)?) pound(?: suitcase)?$", text)
    if m:
        load = "suitcase" if "suitcase" in hints or "suitcase" in text else "load"
        return [Act((f"~carry a {m.group(1)}-pound {load}", f"~carry a {load} weighing {m.group(1)} pounds"))]
    if text in ("slope", "slopes"):
        return [Act(("~walk on a slope", "~walk along a slope"))]
    m = re.match(r"^(\d+)[- ]degree (smooth )?(left|right) turn(s?)$", text)
    if m:
        deg, smooth, side, plural = m.groups()
        several = " several times" if plural else ""
        a = f"~make {'' if plural else 'a '}{smooth or ''}{deg}-degree {side} turn{plural}"
        return [Act((a.replace("  ", " "), f"~turn {deg} degrees to the {side}{several}"))]
    m = re.match(r"^hop turn (?:(left) )?(\d+) degrees (?:(left) )?in air$", text)
    if m:
        side = m.group(1) or m.group(3)
        return [Act((f"~hop and ~turn {m.group(2)} degrees to the {side} in the air", f"~hop, turning {m.group(2)} degrees to the {side} in mid-air"))]
    m = re.match(r"^(\d+) (.+)$", text)
    if m and m.group(1) in ("3", "2", "4") and m.group(2).split()[0] in ("steps", "stairs"):
        number = {"2": "two", "3": "three", "4": "four"}[m.group(1)]
        return [Act((f"~go up {number} {m.group(2)}",))]
    sized = _sized(text.split(), seen)
    if sized:
        return sized
    if "/" in text:
        options = [_fragment(part, hints, seen, depth + 1) for part in text.split("/")]
        if all(len(o) == 1 for o in options):
            return [Act(tuple(form for o in options for form in o[0].forms))]
    key, rest = _manner_split(text)
    if key:
        acts = _fragment(rest, hints, seen, depth + 1)
        if acts:
            return _with_manner(acts, key)
    for joiner in (" and ", " then "):
        if joiner in text:
            parts = text.split(joiner)
            starts = [p.split()[0] for p in parts[1:] if p.split()]
            if len(starts) == len(parts) - 1 and all(w in VERBS or w in _GERUNDS for w in starts):
                acts = [_fragment(p, hints, seen, depth + 1) for p in parts]
                if all(acts):
                    return [act for part in acts for act in part]
    words = text.split()
    head = words[0]
    base = head if head in VERBS else _GERUNDS.get(head)
    if base:
        if base == "start" and len(words) > 1 and words[1] in VERBS | set(_GERUNDS):
            following = _GERUNDS.get(words[1], words[1])
            return [Act((f"~start to {following} {' '.join(words[2:])}".strip(),))]
        return [Act((_verb_phrase([base] + words[1:], seen),))]
    if " and " in text:
        parts = [_fragment(p, hints, seen, depth + 1) for p in text.split(" and ")]
        if all(parts):
            return [act for part in parts for act in part]
    if " then " in text:
        parts = [_fragment(p, hints, seen, depth + 1) for p in text.split(" then ")]
        if all(parts):
            return [act for part in parts for act in part]
    for noun, forms in (("walk", "~walk"), ("run", "~run"), ("dance", "~dance")):
        m = re.match(rf"^(.+) {noun}$", text)
        if m and m.group(1) not in MANNERS:
            return [Act((f"{forms} in a {m.group(1)} style", f"{forms} {m.group(1)}-style"))]
    words = re.findall(r"[a-z][a-z'-]*", text)
    if not words:
        return []
    text = " ".join(words)
    return [Act((f"~perform {with_article(text)} movement", f"~do {with_article(text)} motion"))]


def _split(body: str) -> list[str]:
    """Return the comma/semicolon-separated fragments of a description body."""
    return [p.strip() for p in re.split(r"\s*[,;]\s*(?:and |then )?", body) if p.strip()]


def _read(text: str, hints: set[str], role: str = "") -> Reading:
    """Return the reading of one normalised description."""
    reading = Reading()
    if not text:
        return reading
    if re.search(r"\brepeat(ed)?\b", text):
        reading.repeat = True
        text = re.sub(r"\s*\(?\brepeat(ed)?\)?", "", text).strip(" ,")
    if "(opposite direction)" in text:
        text = text.replace("(opposite direction)", "").strip()
        reading.manners = ("in the opposite direction", "the other way")
    seen: set[str] = set()
    if text in ROLES or swap_roles(text) in ROLES:
        return _read_roles(text, role, reading)
    body = text
    m = re.match(r"^([a-z ]+?) - (.+)$", text)
    if m and m.group(1) in SCENES and text not in DESCRIPTIONS:
        reading.scenes = SCENES[m.group(1)]
        body = m.group(2)
    if m and m.group(1) == "dance" and body in FRAGMENTS:
        reading.scenes = SCENES["dance"]
    hinted = [HINT_FRAGMENTS[h][body] for h in sorted(hints) if body in HINT_FRAGMENTS.get(h, {})]
    if hinted:
        reading.acts = _alternatives(hinted[0])
    elif body in DESCRIPTIONS and DESCRIPTIONS[body]:
        reading.acts = _alternatives(DESCRIPTIONS[body])
    elif text in DESCRIPTIONS and DESCRIPTIONS[text]:
        reading.acts = _alternatives(DESCRIPTIONS[text])
    else:
        extras = []
        for part in _split(body):
            m = re.match(r"^with (?:a |an |the )?([a-z][a-z ]*)$", part)
            if m and m.group(1).split()[0] not in VERBS | set(_GERUNDS):
                extras.append(" ".join(_articles(["with"] + m.group(1).split(), seen)))
                continue
            reading.acts += _fragment(part, hints, seen)
        if extras:
            reading.manners = tuple(extras)
    reading.standalone = any(text.startswith(s) for s in STANDALONE)
    return reading


_PERSON = re.compile(
    r"\bb\b|\ba(?='s|\s*[,;)]|\s*$|\s+(?:sits|comforts|pulls|gives|passes|shelters|stares|stumbles|leads|picks"
    r"|catches|pounds|kneels|stands|joins|resists)\b)"
)


def swap_roles(text: str) -> str:
    """Return ``text`` with the people "a" and "b" exchanged ("b sits; a pulls up b" -> "a sits; b pulls up a")."""
    return _PERSON.sub(lambda m: "b" if m.group(0) == "a" else "a", text)


def _read_roles(text: str, role: str, reading: Reading) -> Reading:
    """Return the reading of a two-person description for the take's role ("A" or "B")."""
    swapped = text not in ROLES
    key = swap_roles(text) if swapped else text
    a_side, b_side = ROLES[key]
    mine = (role or "A") == ("B" if swapped else "A")
    spec = a_side if mine else b_side
    reading.acts = _alternatives(spec)
    return reading


# ====================================================================== sentences


def _choose(rng: random.Random, weighted) -> str:
    """Return one template from (template, weight) pairs."""
    return rng.choices([t for t, _ in weighted], weights=[w for _, w in weighted])[0]


def _render(reading: Reading, rng: random.Random) -> str | None:
    """Return one finished sentence for ``reading``."""
    subject = pick_subject(rng, reading.gender)
    others = rng.choice(OTHERS)
    forms = []
    for act in reading.acts:
        forms.append(rng.choice(act.forms).replace("{o}", others))
    if any("someone" in f for f in forms) and subject.text in ("someone", "somebody"):
        return None
    # A repeated action says "again" ("jumps, stops, and jumps again").
    for i, form in enumerate(forms):
        if form in forms[:i] and "again" not in form:
            forms[i] = form + " again"
    manner = rng.choice(reading.manners) if reading.manners else ""
    if manner and len(forms) == 1:
        forms[0] += " " + manner
        manner = ""
    v = [conjugate(f, "3s") for f in forms]
    g = [conjugate(f, "ing") for f in forms]
    k = len(forms)
    slots = {"S": subject.text, "P": subject.they}
    for i in range(k):
        slots[f"v{i + 1}"] = v[i]
        slots[f"g{i + 1}"] = g[i]
    if k >= 2:
        slots["b2"] = verb_for(subject, forms[1])
    if k >= 3:
        slots["list"] = ", ".join(v[:-1])
        slots["middle"] = ", ".join(v[1:-1])
        slots["vlast"] = v[-1]
    patterns = PATTERNS[min(k, 3)]
    if k > 5:
        patterns = patterns[:3]
    sentence = _choose(rng, patterns).format(**slots)
    if manner:
        sentence += ", " + manner
    if reading.repeat:
        sentence += rng.choice(REPEATS)
    scenes = [sc for sc in reading.scenes if not any(w in sentence for w in _skip_words(sc))]
    if scenes and not reading.standalone:
        scene = rng.choice(scenes)
        if k == 1 and rng.random() < 0.5 and not sentence.startswith("after"):
            sentence = f"{sentence} {scene}"
        else:
            sentence = f"{capitalise(scene)}, {sentence}"
    return finish(fill_pronouns(sentence, subject))


def _skip_words(scene: str) -> tuple[str, ...]:
    """Return words whose presence makes ``scene`` redundant (its own noun among them)."""
    for key, words in SCENE_SKIP.items():
        if scene in SCENES.get(key, ()):
            return words + (scene.split()[-1],)
    return (scene.split()[-1],)


def _hints(subject_description: str) -> set[str]:
    """Return the names of the hints that the subject description triggers ("golf", "female" ...)."""
    text = subject_description.lower()
    return {name for pattern, name in HINTS if re.search(pattern, text)}


def read_description(description: str, subject_description: str = "") -> Reading:
    """Return what a CMU description says, falling back to the subject description when it says nothing."""
    hints = _hints(subject_description)
    text, role = normalise(description)
    reading = _read(text, hints, role)
    if not reading.acts:
        subject_text, _ = normalise(subject_description)
        reading = _read(subject_text, set(), "")
    else:
        for hint in ("mj", "baby"):
            if hint in hints and not reading.standalone:
                reading.manners = reading.manners or HINT_MANNERS[hint]
        for hint, scenes in HINT_SCENES.items():
            if hint in hints and not reading.scenes:
                reading.scenes = scenes
    reading.gender = "female" if "female" in hints else ""
    return reading


def cmu_captions(description: str, subject_description: str = "", *, n: int = 5, seed: int = 0) -> list[str]:
    """Return up to ``n`` distinct sentences for a CMU take, always the same for the same arguments.

    Uses ``subject_description`` when ``description`` is empty or says
    nothing about the motion; returns [] when neither says anything.
    """
    reading = read_description(description or "", subject_description or "")
    if not reading.acts:
        return []
    rng = stable_rng("cmu", description, subject_description, seed)
    return collect(lambda r: _render(reading, r), n, rng)


def template_counts() -> dict:
    """Return the size of the CMU phrase tables and sentence patterns."""
    return {
        "descriptions": len(DESCRIPTIONS),
        "two_person_scenes": len(ROLES),
        "fragments": len(FRAGMENTS) + sum(len(t) for t in HINT_FRAGMENTS.values()),
        "manners": len(MANNERS),
        "creatures": len(ANIMALS),
        "scenes": len(SCENES),
        "sentence_patterns": sum(len(p) for p in PATTERNS.values()),
    }

