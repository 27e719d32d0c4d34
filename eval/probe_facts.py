"""Templates of the facts each probe ability plants in a haystack (data only)."""

from __future__ import annotations

# Information extraction, user side: the user states a fact once.
# abs_question asks about something adjacent that was never said (for abstention probes).
USER_FACTS: list[dict[str, str]] = [
    {
        "statement": "Big news: I adopted a {pet_kind} last weekend and we named it {pet_name}!",
        "question": "What did I name the {pet_kind} I adopted?",
        "answer": "{pet_name}",
        "abs_question": "What did I name the goldfish I adopted?",
        "abs_answer": "You never mentioned a goldfish; you only mentioned adopting a {pet_kind}.",
    },
    {
        "statement": "My sister {name} just started working as a {job} in {city}.",
        "question": "What job did my sister {name} just start?",
        "answer": "{job}",
        "abs_question": "What job did my brother just start?",
        "abs_answer": "You never mentioned your brother's job, only your sister {name}'s.",
    },
    {
        "statement": "I ran my first 10k on Saturday and finished in {minutes} minutes!",
        "question": "How long did it take me to finish my first 10k?",
        "answer": "{minutes} minutes",
        "abs_question": "How long did it take me to finish my first marathon?",
        "abs_answer": "You never mentioned a marathon, only a 10k.",
    },
    {
        "statement": "Just so you know, I'm allergic to {allergen}, so I always read labels.",
        "question": "What am I allergic to?",
        "answer": "{allergen}",
        "abs_question": "What medication do I take for my allergy?",
        "abs_answer": "You mentioned an allergy to {allergen} but never any medication.",
    },
    {
        "statement": "Our book club picked {book} for this month, I'm halfway through.",
        "question": "Which book did my book club pick?",
        "answer": "{book}",
        "abs_question": "Which film did my film club pick?",
        "abs_answer": "You never mentioned a film club, only your book club.",
    },
    {
        "statement": "I finally bought a car, a {colour} {car}. My first new car ever!",
        "question": "What car did I buy?",
        "answer": "a {colour} {car}",
        "abs_question": "What motorbike did I buy?",
        "abs_answer": "You never mentioned a motorbike, only your {car}.",
    },
    {
        "statement": "I've started {instrument} lessons with a teacher called {name}.",
        "question": "What is the name of my {instrument} teacher?",
        "answer": "{name}",
        "abs_question": "What is the name of my yoga teacher?",
        "abs_answer": "You never mentioned a yoga teacher, only your {instrument} teacher.",
    },
    {
        "statement": "We booked our anniversary dinner at {restaurant}, can't wait.",
        "question": "Where did we book our anniversary dinner?",
        "answer": "{restaurant}",
        "abs_question": "Where did we book our wedding reception?",
        "abs_answer": "You never mentioned a wedding reception venue, only the anniversary dinner.",
    },
]

# Information extraction, assistant side: the assistant recommends something specific.
ASSISTANT_FACTS: list[dict[str, str]] = [
    {
        "request": "Can you suggest a beginner-friendly hiking trail near {city}?",
        "reply": "Sure! The {trail} Trail near {city} is about {miles} miles, mostly flat.",
        "question": "Which trail did you suggest for a beginner hike near {city}?",
        "answer": "The {trail} Trail",
        "abs_question": "Which campsite did you suggest near {city}?",
        "abs_answer": "No campsite was suggested; only the {trail} Trail was recommended.",
    },
    {
        "request": "What's a good substitute for {ingredient} in a cake?",
        "reply": "Use {substitute} instead of {ingredient}, in the same amount.",
        "question": "What did you suggest I use instead of {ingredient} in a cake?",
        "answer": "{substitute}",
        "abs_question": "What did you suggest I use instead of vanilla extract?",
        "abs_answer": "No vanilla substitute was discussed, only one for {ingredient}.",
    },
    {
        "request": "Recommend me a podcast about {subject}?",
        "reply": "Try '{podcast}'. It is well researched and episodes run about {minutes} minutes.",
        "question": "Which podcast about {subject} did you recommend?",
        "answer": "{podcast}",
        "abs_question": "Which audiobook about {subject} did you recommend?",
        "abs_answer": "No audiobook was recommended, only the podcast {podcast}.",
    },
    {
        "request": "I'm opening a {business}. Any ideas for a name?",
        "reply": "How about '{shopname}'? It's short, friendly and easy to remember.",
        "question": "What name did you suggest for my {business}?",
        "answer": "{shopname}",
        "abs_question": "What logo colour did you suggest for my {business}?",
        "abs_answer": "No logo colour was suggested, only the name {shopname}.",
    },
    {
        "request": "How should I structure my study sessions for exams?",
        "reply": "I'd recommend the {technique}: it keeps sessions short and focused.",
        "question": "Which study technique did you recommend for my exams?",
        "answer": "the {technique}",
        "abs_question": "Which exam app did you recommend?",
        "abs_answer": "No app was recommended, only the {technique}.",
    },
    {
        "request": "What wine would go with {dish} for a dinner party?",
        "reply": "A {wine} would pair beautifully with {dish}.",
        "question": "What wine did you suggest pairing with {dish}?",
        "answer": "{wine}",
        "abs_question": "What dessert did you suggest after the {dish}?",
        "abs_answer": "No dessert was suggested, only a {wine} to go with the {dish}.",
    },
]

# Multi-session: one item per session; the question aggregates them.
MULTI_FACTS: list[dict[str, object]] = [
    {
        "pool": "plant",
        "statements": [
            "I picked up a {item} at the garden centre today.",
            "Couldn't resist, I bought a {item} for the living room.",
            "A {item} is the newest addition to my plant shelf.",
        ],
        "question": "How many plants have I mentioned buying?",
        "kind": "count",
    },
    {
        "pool": "ticket_event",
        "statements": [
            "I spent ${amount} on tickets for {item} this weekend.",
            "Tickets for {item} cost me ${amount}, but worth it.",
            "Just paid ${amount} to see {item} with friends.",
        ],
        "question": "How much have I spent on event tickets in total?",
        "kind": "sum",
    },
    {
        "pool": "city",
        "statements": [
            "Work is sending me to {item} for a three-day conference.",
            "I'm back from a work trip to {item}, exhausted.",
            "My boss wants me in {item} next week to meet a client.",
        ],
        "question": "Which cities have I travelled to for work?",
        "kind": "list",
    },
    {
        "pool": "book",
        "statements": [
            "I just finished reading {item}, loved the ending.",
            "Finished {item} on the train this morning.",
            "Another one done: {item}. What a read.",
        ],
        "question": "How many books have I told you I finished reading?",
        "kind": "count",
    },
]

# Temporal reasoning: dated events in the first person past tense.
EVENTS: list[str] = [
    "went to a pottery workshop",
    "ran the city half marathon",
    "visited my aunt in the hospital",
    "started a Spanish evening class",
    "got my wisdom teeth removed",
    "adopted a rescue greyhound",
    "hosted a board-game night",
    "went to my cousin's wedding",
    "moved my desk to the window",
    "had a job interview at a bank",
    "volunteered at the food bank",
    "repainted the front door",
    "took my first surfing lesson",
    "sold my old bicycle",
    "saw a total lunar eclipse",
    "baked bread for the neighbours",
    "went to a stand-up comedy open mic",
    "planted tomatoes",
]
GAPS = {3: "three days", 7: "one week", 10: "ten days", 14: "two weeks", 21: "three weeks"}

# Knowledge updates: a value stated, later replaced (the latest must win).
UPDATE_FACTS: list[dict[str, str]] = [
    {
        "pool": "city",
        "first": "I love living in {value}, the neighbourhood is so friendly.",
        "update": "We finally moved! I live in {value} now, still unpacking boxes.",
        "question": "Which city do I live in now?",
    },
    {
        "pool": "company",
        "first": "Things at {value} are busy, but I like my team there.",
        "update": "I accepted an offer and started at {value} this week!",
        "question": "Which company do I work for now?",
    },
    {
        "pool": "gym",
        "first": "I go to {value} three times a week before work.",
        "update": "I switched gyms, I'm going to {value} now.",
        "question": "Which gym do I go to now?",
    },
    {
        "pool": "pet_name",
        "first": "Our kitten is called {value}, she's a menace.",
        "update": "The kids voted and we renamed the kitten {value}.",
        "question": "What is our kitten called now?",
    },
    {
        "pool": "car",
        "first": "My {value} needs new tyres before winter.",
        "update": "Traded in the old car, I'm driving a {value} now.",
        "question": "What car do I drive now?",
    },
]
