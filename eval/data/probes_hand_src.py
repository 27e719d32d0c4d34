"""Hand-written LongMemEval-format probes: writes eval/data/probes_hand.json.

Every user and assistant line below was written by hand, one by one; nothing is templated or
combined at random. The script only assembles them: it gives each question its own haystack
(its answer sessions, its on-topic distractor sessions and 5-8 filler sessions picked by
rotating through FILLERS), dates the fillers between the question's own sessions and the
question date, and checks the result. Deterministic.

Run: python eval/data/probes_hand_src.py  (from the repository root)

Assembly, checks and conventions ("*" marks an evidence turn; "ans" and "topic"
sessions): eval/hand_probes.py.
"""

from __future__ import annotations

from pathlib import Path

from eval import hand_probes

OUT = Path(__file__).with_name("probes_hand.json")

# ---------------------------------------------------------------------------------------------
# Filler sessions: everyday topics, no personal facts any question asks about.
# ---------------------------------------------------------------------------------------------

FILLERS: list[list[str]] = [
    [
        "my sourdough starter smells kind of like nail polish remover?? is it dead",
        "It's almost certainly alive, just hungry. That acetone smell shows up when the yeast has "
        "run out of food. Try feeding it twice a day for a few days and keep it somewhere warm.",
        "ok. does it matter if I use tap water",
        "Usually not. If your tap water is heavily chlorinated, leave a jug out overnight or use "
        "filtered water, but most starters cope fine.",
        "and how do I know when it's ready to bake with?",
        "Look for it roughly doubling within a few hours of a feed, with lots of bubbles and a "
        "domed top. A spoonful that floats in water is a decent quick test too.",
    ],
    [
        "What's a houseplant that can survive in a bathroom with one tiny frosted window?",
        "A ZZ plant or a snake plant would be my first picks. Both tolerate low light and "
        "neglect. If you want something trailing, a heartleaf philodendron likes the humidity.",
        "I kill everything though. Like, even cacti.",
        "Then the ZZ is your friend. Water it only when the soil is completely dry, roughly every "
        "three weeks, and resist the urge to fuss over it.",
        "haha ok, noted",
        "Give it a rinse in the shower now and then to keep the leaves dust-free and it'll be "
        "happy for years.",
    ],
    [
        "The bedroom door squeaks every time I open it and it's driving everyone nuts",
        "Classic hinge squeak. Pull the hinge pins one at a time, wipe them, and coat them with a "
        "bit of petroleum jelly or white lithium grease before tapping them back in.",
        "can I just use olive oil? it's what I have",
        "It'll work for a while, but cooking oils get gummy and attract dust. Fine as a stopgap "
        "tonight, just plan on doing it properly later.",
        "got it. the pins are really stuck tho",
        "Put a nail or a thin screwdriver under the pin head and tap upward with a hammer. Close "
        "the door first so its weight sits on the other hinges.",
    ],
    [
        "Is it silly to plan a picnic when the forecast says 40% chance of showers?",
        "Not silly at all. 40% often means scattered showers, not a washout. Pick a spot with "
        "some tree cover or a shelter nearby and pack a tarp.",
        "What food holds up if it gets a bit damp",
        "Things in sealed containers: pasta salad, grain bowls, wraps, cut fruit. Skip anything "
        "like crisps or pastry that goes soggy the moment it's humid.",
        "good call. I'll bring the big blanket with the waterproof backing",
        "Perfect. Throw in a couple of bin bags as well; they're handy to sit on or to stash wet "
        "things on the way home.",
    ],
    [
        "I have to write something in a birthday card for a coworker I barely know. Help?",
        "Keep it warm and short. Something like: 'Happy birthday! Hope you get a proper break "
        "today and something with a lot of frosting.'",
        "lol that's good. something a bit less cheesy?",
        "'Wishing you a great year ahead, happy birthday!' is safe and friendly. Add your name "
        "and you're done.",
        "Perfect, thanks, everyone else wrote essays",
        "Short is fine. People mostly remember that you signed it, not the word count.",
    ],
    [
        "spilled red wine on a white cotton shirt, what do I do right now",
        "Blot, don't rub. Then rinse the back of the stain under cold water to push the wine out "
        "the way it came in.",
        "Done. It's pink now instead of purple",
        "Progress! Mix a little dish soap with hydrogen peroxide, dab it on, and let it sit for "
        "20 minutes. Test a hidden spot first.",
        "and then just wash it normally?",
        "Yes, a cold or warm wash, and check it before it goes in the dryer. Heat can set "
        "whatever's left.",
    ],
    [
        "Looking for a board game for four adults who aren't super into board games.",
        "Codenames is a great bridge game: quick to learn, lots of laughing. Ticket to Ride is "
        "another good one if you want something a bit longer.",
        "we did codenames already. something cooperative maybe?",
        "Try Forbidden Island: everyone works together and it's about 30 minutes. The Crew is a "
        "clever cooperative card game if your group likes puzzles.",
        "Forbidden Island sounds fun",
        "It's a nice pick. Start on the easiest water level for the first round so everyone gets "
        "the hang of it.",
        "will do",
        "Have a great game night!",
    ],
    [
        "How long do I boil eggs for jammy yolks",
        "Lower them into already-boiling water, give them six and a half minutes, then straight "
        "into ice water.",
        "Straight from the fridge?",
        "Yes, the timing assumes fridge-cold eggs. Room-temperature ones need about 30 seconds "
        "less.",
        "the shells always stick for me",
        "Older eggs peel more easily than very fresh ones, and the ice bath helps a lot. Crack "
        "them all over and peel under running water.",
    ],
    [
        "My closet is a disaster, where do I even start",
        "Take everything out, all at once. It's painful, but it's the only way to see what you "
        "actually own.",
        "and then?",
        "Make three piles: keep, donate, and maybe. Be honest with the maybe pile. If you haven't "
        "worn it in a year, it probably goes.",
        "what about stuff with sentimental value",
        "Keep a small box for those, separate from your everyday clothes. That way they're safe "
        "but not taking up prime hanger space.",
    ],
    [
        "my VLOOKUP returns #N/A even though the value is clearly in the other sheet",
        "Most common culprits: trailing spaces, numbers stored as text in one sheet and as "
        "numbers in the other, or the lookup column isn't the first column of your range.",
        "Oh, the IDs in one sheet have a space at the end I think",
        "Wrap the lookup value in TRIM(), or clean the column with a helper column of =TRIM(A2) "
        "and paste the values back.",
        "that fixed it!!",
        "Nice. If you're on a recent version, XLOOKUP is worth switching to, since it doesn't "
        "care which column the key is in.",
    ],
    [
        "any good history podcasts? I like stories more than dates",
        "Fall of Civilizations is beautifully narrated. The Rest Is History is chattier and fun, "
        "and Hardcore History goes very deep if you have the time.",
        "I've heard Hardcore History episodes are like six hours",
        "Some are! They're split into parts though, so it's easy to pause and come back.",
        "ok I'll start with the rest is history",
        "Good place to start. Pick any episode on a period you already find interesting.",
    ],
    [
        "I go through like three umbrellas a winter. Worth buying an expensive one?",
        "A mid-range windproof one with a vented canopy is usually the sweet spot. They flex in "
        "gusts instead of flipping and snapping.",
        "compact or full size?",
        "If you'll actually carry it daily, compact. A full-size one is sturdier, but it's no use "
        "if it stays at home.",
        "compact then",
        "Look for one with a fibreglass frame; it bends rather than breaks.",
    ],
    [
        "planning my nephew's 6th birthday, need some games that don't require much setup",
        "Freeze dance, a treasure hunt with picture clues, and pass-the-parcel are all easy wins "
        "for six-year-olds.",
        "How long should each game be?",
        "Ten minutes or so. Kids that age lose interest quickly, so have more games lined up than "
        "you think you'll need.",
        "and prizes? I don't want anyone crying",
        "Give every kid a small prize at the end of the treasure hunt, so nobody goes home "
        "empty-handed.",
    ],
    [
        "can you explain compound interest like I'm 12",
        "Sure. Say you put 100 coins in a box that adds 10% every year. After a year you have "
        "110. The next year you get 10% of 110, not 100, so you get 11. The extra keeps growing "
        "on itself.",
        "so the longer you leave it the better",
        "Exactly. Time is the biggest factor, which is why starting small and early usually beats "
        "starting big and late.",
        "wild. ok thanks",
        "Any time! It works in reverse with debt too, which is why credit card balances snowball.",
    ],
    [
        "Got a flat on my bike, I've never fixed one myself.",
        "It's very doable. You'll need tyre levers, a spare tube or a patch kit, and a pump.",
        "how do I find the hole",
        "Pump the tube up a bit and listen for the hiss, or run it past your cheek to feel the "
        "air. Dunking it in a bowl of water and watching for bubbles works too.",
        "found it, tiny thorn",
        "Check the inside of the tyre for the thorn before you put it back, otherwise you'll get "
        "another flat straight away.",
    ],
    [
        "It's pouring and I want a cozy movie. Not a sad one please.",
        "Paddington 2 is basically a hug in film form. The Grand Budapest Hotel or Chef are also "
        "good feel-good picks.",
        "seen paddington 2 like five times",
        "Then try Chef. It's warm, funny, and you'll want a sandwich afterwards.",
        "perfect",
        "Enjoy! Get the snacks ready before it starts.",
    ],
    [
        "Can I compost in a small apartment without it smelling?",
        "Yes. A bokashi bin or a small worm bin under the sink both work indoors and shouldn't "
        "smell if you look after them.",
        "worms inside?? hmm",
        "They live in a closed bin and mostly keep to themselves. If that's too much, bokashi is "
        "just a sealed bucket with a bran that ferments the scraps.",
        "bokashi sounds less scary",
        "It's a good starter option. Once the bucket is full you bury the contents or add them "
        "to a community compost heap.",
    ],
    [
        "how do I iron a shirt collar without getting those weird creases",
        "Start from the points and work toward the middle, underside first, then the top. Steam "
        "helps a lot.",
        "and the sleeves?",
        "Lay the sleeve flat with the seam along the edge, do the cuffs first, then the body of "
        "the sleeve.",
        "ok I've been doing it totally wrong",
        "Most people do! Honestly, hanging shirts up straight out of the wash saves half the work.",
    ],
    [
        "the airline lost my suitcase five days ago and nobody answers the phone",
        "That's so frustrating. File a formal complaint through their website and put the "
        "reference number from the baggage desk in the first line.",
        "What should I ask for?",
        "An update on the search and reimbursement for essentials you had to buy. Keep every "
        "receipt; most airlines have a daily allowance for delayed bags.",
        "I bought a toothbrush, some shirts and a phone charger so far",
        "Include all of those with photos of the receipts. Be polite but firm, and give them a "
        "reasonable deadline to respond.",
    ],
    [
        "my tomato plant's bottom leaves are going yellow",
        "Yellowing lower leaves are often just the plant shedding old growth, but it can also "
        "mean overwatering or a nitrogen shortage.",
        "I water it every day",
        "That might be too much unless it's very hot. Let the top couple of centimetres of soil "
        "dry out between waterings.",
        "should I cut the yellow leaves off",
        "Yes, snip them off. It improves airflow and reduces the chance of fungus spreading.",
    ],
    [
        "I have 14,000 unread emails. Is there any hope",
        "There's hope! Select everything older than a month and archive it. If it was important, "
        "someone would have followed up.",
        "that feels reckless lol",
        "It's archived, not deleted, so you can still search it. Then set up a couple of filters "
        "so newsletters skip the inbox.",
        "ok doing it",
        "Enjoy the clean slate. Unsubscribe from three things a day and it'll stay manageable.",
    ],
    [
        "I want to type faster, I still look at the keyboard",
        "Try a free site like Keybr or Monkeytype for 10 to 15 minutes a day. Focus on accuracy "
        "first; speed follows.",
        "should I cover my hands?",
        "Some people do, but just keeping your eyes on the screen and going slowly works. Your "
        "fingers learn the home row quickly.",
        "how long till I notice",
        "With daily practice, most people feel a difference in two to three weeks.",
    ],
    [
        "Trying to pick a paint colour for a dark hallway with no windows",
        "Warm whites or a soft greige keep it from feeling like a cave. Avoid stark cool whites; "
        "they can look grey and flat without daylight.",
        "what about a bold colour? like deep green",
        "That can look amazing in a hallway. Leaning into the darkness makes it feel intentional. "
        "Pair it with good lighting and a lighter ceiling.",
        "I'm tempted. I'll get some samples",
        "Paint big swatches on a couple of walls and look at them in the evening too, when you'll "
        "actually see the hallway most.",
    ],
    [
        "It's supposed to hit minus 15 tonight, should I worry about my pipes?",
        "A few precautions are worth it. Open the cabinet doors under sinks on outside walls so "
        "warm air gets in, and let a tap drip slightly overnight.",
        "The heating is on, isn't that enough?",
        "Usually, but pipes in exterior walls or unheated spaces can still freeze. A slow drip "
        "relieves pressure if ice does form.",
        "ok, which tap though",
        "The one farthest from where the water comes into the house, ideally on an outside wall.",
    ],
    [
        "how do people whistle with their fingers?? I've tried for years",
        "The classic way: tuck your lips over your teeth, put two fingertips under the tip of "
        "your tongue and push it back, then close your mouth around your fingers and blow.",
        "I just spit everywhere",
        "Normal for the first few tries! Keep your fingertips just touching and adjust the angle "
        "little by little until you hear even a faint note.",
        "ok I got a tiny squeak",
        "That's the hardest part done. From here it's about blowing harder and steadier.",
    ],
]

# ---------------------------------------------------------------------------------------------
# Questions. Each: id, type, question, answer, asked (question date), sessions as
# (kind, date, lines); knowledge updates also "old" (superseded values, oldest first).
# ---------------------------------------------------------------------------------------------

# fmt: off
KNOWLEDGE_UPDATES: list[dict] = [
    {
        "id": "hand_ku_01",
        "question": "Where am I living these days?",
        "answer": "Valencia",
        "old": ["Porto", "Lisbon"],
        "asked": "2023/11/20 18:40",
        "sessions": [
            ("ans", "2023/02/05 11:20", [
                "*Just signed the lease on a flat in Porto! Moving in on the 1st of next month, "
                "right by the river.",
                "Congratulations! That sounds like a lovely spot. Do you want a moving checklist?",
                "yes please, I always forget to redirect my post",
                "Set up mail forwarding two weeks before, update your bank and doctor, book "
                "movers early, and pack a first-night box with chargers, towels and a kettle.",
            ]),
            ("topic", "2023/03/20 20:05", [
                "what's the bare minimum furniture for a one-bedroom? I'm on a budget",
                "A bed, something to sit on, a small table and decent lighting. Everything else "
                "can come later once you see how you actually use the space.",
                "second hand ok for a sofa?",
                "Definitely, just check for bedbugs and smells before you buy. Removable covers "
                "are a bonus since you can wash them.",
            ]),
            ("ans", "2023/06/11 09:48", [
                "*Good news for once: my new landlord in Lisbon fixed the boiler within a day of "
                "me messaging him. The one before would've taken a month.",
                "That's a great sign! A responsive landlord makes a huge difference. How's the "
                "new place otherwise?",
                "Smaller but the light is amazing. Tram stops right outside",
                "Sounds like a good trade. Good light makes a small place feel much bigger.",
            ]),
            ("ans", "2023/10/08 17:31", [
                "*So we ended up relocating AGAIN, Valencia this time. My partner's contract "
                "there started in September and I can work remotely, so here we are.",
                "That's a lot of moves in one year! How are you finding it so far?",
                "Hot, sunny, beach every weekend. The paella is ruining me",
                "Ha, there are worse fates. Shout if you want help with the local registration "
                "paperwork.",
            ]),
        ],
    },
    {
        "id": "hand_ku_02",
        "question": "who do I work for right now?",
        "answer": "Northwind Health",
        "old": ["Klarvik"],
        "asked": "2023/08/14 12:10",
        "sessions": [
            ("ans", "2023/01/17 08:55", [
                "*Quick sanity check: I'm a backend dev at Klarvik, a small logistics startup, "
                "and my lead wants me to present our architecture to the board. How technical "
                "should I go?",
                "For a board, keep it high level: what the system does, where the risks are, "
                "and what you need from them. Put the deep detail in an appendix.",
                "they're not engineers at all",
                "Then lean on one clear diagram and a couple of analogies. Aim for three key "
                "messages and tie each one back to cost, risk or speed.",
            ]),
            ("topic", "2023/04/02 19:20", [
                "I have a final-round interview next week and I'm already stressed",
                "That's normal. Practise telling two or three stories about projects you're "
                "proud of: the problem, what you did, and the result.",
                "they said there'd be a system design part",
                "Think out loud, ask about scale before anything else, and say which trade-offs "
                "you're making and why.",
                "ok that helps",
                "You'll do great. They already like you enough to bring you to the last round.",
            ]),
            ("ans", "2023/05/22 18:02", [
                "*I'm not at Klarvik anymore, started at Northwind Health two weeks ago. Way "
                "bigger company, I keep getting lost in the building lol",
                "Congrats on the new role! The first weeks somewhere big are a lot. Are you on a "
                "backend team again?",
                "yeah, patient scheduling systems. so many meetings though",
                "Block a couple of focus hours in your calendar now, before recurring meetings "
                "fill it up.",
            ]),
        ],
    },
    {
        "id": "hand_ku_03",
        "question": "what do I drive at the moment?",
        "answer": "Mazda CX-5",
        "old": ["Honda Civic"],
        "asked": "2023/10/30 07:45",
        "sessions": [
            ("ans", "2023/03/09 13:14", [
                "*My 2012 Honda Civic makes a grinding noise when I brake. Is that urgent?",
                "Yes, get it looked at soon. Grinding usually means the pads are worn down to "
                "the metal and are chewing into the rotors.",
                "how much does that usually cost",
                "Pads alone are fairly cheap; if the rotors need replacing too it can roughly "
                "double. Ask for a quote for both so you're not surprised.",
            ]),
            ("topic", "2023/05/28 10:40", [
                "my car insurance renewal went up by like 20% for no reason",
                "Annoying, but common right now. Get two or three quotes elsewhere and then call "
                "your insurer; they'll often match to keep you.",
                "Would raising the excess help?",
                "It lowers the premium, yes. Just make sure you could actually pay that amount "
                "if something happened.",
            ]),
            ("ans", "2023/08/19 16:25", [
                "*Update on the car saga: sold the Civic to my neighbour's kid and I'm driving a "
                "used Mazda CX-5 now. So much room for the dog.",
                "Nice upgrade! Plenty of space back there. Have you got a seat cover yet?",
                "not yet, he's already shed all over it",
                "A hammock-style cover clips onto the headrests and keeps most of the fur off. "
                "Worth it.",
            ]),
        ],
    },
    {
        "id": "hand_ku_04",
        "question": "Remind me, what's my diet at this point?",
        "answer": "vegan",
        "old": ["pescatarian", "vegetarian"],
        "asked": "2023/11/11 15:30",
        "sessions": [
            ("ans", "2023/01/08 17:50", [
                "*Can you give me a week of dinners? I'm pescatarian, so fish and seafood are "
                "fine, just no meat.",
                "Sure! Monday salmon with roast veg, Tuesday prawn stir-fry, Wednesday chickpea "
                "curry, Thursday fish tacos, Friday mushroom risotto, and at the weekend mussels "
                "with crusty bread and a big shakshuka.",
                "love the mussels idea",
                "They're quick too: about ten minutes in a covered pot with garlic, white wine "
                "and butter.",
            ]),
            ("ans", "2023/04/16 18:12", [
                "*Small life update: I went fully vegetarian in February, so no more fish for me "
                "either. Could you redo that dinner list?",
                "Of course. Swap the salmon for halloumi, the prawns for tofu and the fish tacos "
                "for black bean tacos. The mussels can become a garlicky white bean stew.",
                "perfect",
                "Enjoy! Let me know if you want more protein ideas.",
            ]),
            ("topic", "2023/06/02 08:30", [
                "Been feeling tired lately. Could it be my iron?",
                "It might be, but tiredness has lots of causes. A simple blood test from your "
                "doctor would tell you for sure.",
                "what foods have iron besides meat",
                "Lentils, chickpeas, tofu, spinach and fortified cereals. Eating them with "
                "vitamin C, like peppers or citrus, helps absorption.",
            ]),
            ("ans", "2023/09/03 12:44", [
                "*Since the summer I've been vegan. Cutting out dairy was way easier than I "
                "thought, oat milk in coffee is honestly fine.",
                "That's a big change, nicely done! Are you taking B12? It's the one that's hard "
                "to get otherwise.",
                "not yet, should I?",
                "Yes, it's generally recommended when you eat only plants. A daily or weekly "
                "supplement is simple and cheap.",
            ]),
        ],
    },
    {
        "id": "hand_ku_05",
        "question": "which gym am I a member of?",
        "answer": "FlexBox Fitness",
        "old": ["Iron Temple"],
        "asked": "2023/10/04 06:20",
        "sessions": [
            ("ans", "2023/02/13 19:05", [
                "*I signed up at Iron Temple, the gym by the station. Can you make me a beginner "
                "strength plan, 3 days a week?",
                "Sure. Day A: squats, bench press, rows. Day B: deadlifts, overhead press, "
                "lat pull-downs. Alternate A and B, three sets of 8 to 10, and add a little "
                "weight each week.",
                "how long should each session be",
                "Around 45 minutes to an hour including a short warm-up.",
            ]),
            ("topic", "2023/05/05 21:10", [
                "is it rude to use my phone between sets",
                "Not on its own. Just don't sit on a machine scrolling while people wait; step "
                "aside if someone's hovering.",
                "what about wiping equipment",
                "Always wipe it down after you use it. It's the one rule everyone agrees on.",
            ]),
            ("ans", "2023/07/30 07:15", [
                "*Cancelled my old membership. These days I mostly go to FlexBox Fitness because "
                "it's open 24 hours and I can train at 6am before work.",
                "Early sessions are great for consistency. Still doing the A/B plan?",
                "yes but I added a rowing day",
                "Nice, rowing is good conditioning and easy on the joints.",
            ]),
        ],
    },
    {
        "id": "hand_ku_06",
        "question": "What does Daniel do for a living?",
        "answer": "pharmaceutical sales rep",
        "old": ["chemistry teacher"],
        "asked": "2023/12/02 10:00",
        "sessions": [
            ("ans", "2023/03/03 20:40", [
                "*My husband Daniel is a chemistry teacher at Westbrook High and he's exhausted "
                "from marking. Any ideas to help him unwind at weekends?",
                "Low-effort things that are nothing like work: a long walk, a film, cooking "
                "something together. Maybe agree that Sundays are a no-marking zone.",
                "he does love cooking",
                "Then a weekend cooking project could be perfect. Fresh pasta or a slow ragu are "
                "both relaxing and rewarding.",
            ]),
            ("topic", "2023/06/18 14:22", [
                "Daniel's birthday is coming up, what should I get him? he's into cooking and "
                "old sci-fi",
                "A good chef's knife, a set of vintage sci-fi paperbacks, or a class at a "
                "cooking school. Something you do together could be lovely too.",
                "ooh cooking class together",
                "That's a nice one. Pick a cuisine he's never tried to cook before.",
            ]),
            ("ans", "2023/09/25 19:35", [
                "*Daniel left teaching! He's a pharmaceutical sales rep now, so lots of driving "
                "between clinics. Tips for staying healthy on the road?",
                "Pack snacks like nuts and fruit so he's not living on service-station food, "
                "keep a big water bottle in the car, and take short walks between visits.",
                "he's already complaining about his back",
                "A lumbar cushion and setting the seat so his knees sit slightly below his hips "
                "can help a lot.",
            ]),
        ],
    },
    {
        "id": "hand_ku_07",
        "question": "What phone am I using?",
        "answer": "iPhone 15",
        "old": ["Pixel 6"],
        "asked": "2023/12/20 09:05",
        "sessions": [
            ("ans", "2023/04/04 12:30", [
                "*my Pixel 6 battery barely lasts until lunch anymore, any settings I can change?",
                "Turn on adaptive battery, lower the screen brightness, and check which apps use "
                "the most power in the battery settings. Often one app is the culprit.",
                "Instagram is at 30% lol",
                "There's your answer! Restrict its background usage, or log out for a few days "
                "and see the difference.",
            ]),
            ("topic", "2023/07/10 18:50", [
                "is a screen protector actually worth it",
                "For most people, yes. A tempered glass one is cheap and takes the scratch or "
                "crack instead of your actual screen.",
                "they always get bubbles when I put them on",
                "Do it in a steamy bathroom after a shower, when there's less dust in the air, "
                "and use the alignment frame if one comes in the box.",
            ]),
            ("ans", "2023/10/15 21:18", [
                "*Turns out I prefer the iPhone 15 now that I've had it a month. The camera is "
                "great and I stopped charging twice a day.",
                "Glad the switch worked out! Did moving your photos and messages go smoothly?",
                "mostly, WhatsApp was a pain",
                "It usually is between platforms. At least it's done now.",
            ]),
        ],
    },
    {
        "id": "hand_ku_08",
        "question": "what's my main hobby at the moment?",
        "answer": "salsa",
        "old": ["bouldering", "pottery"],
        "asked": "2023/11/26 16:00",
        "sessions": [
            ("ans", "2023/01/22 20:15", [
                "*I've been going bouldering twice a week and my forearms are on fire. Normal?",
                "Totally normal when you're starting out, forearms take the brunt. Rest days, "
                "gentle stretching and not climbing two days in a row will help.",
                "any tips for getting better faster",
                "Focus on footwork; beginners over-use their arms. Watching stronger climbers on "
                "the same problems helps too.",
            ]),
            ("ans", "2023/04/29 15:40", [
                "*I dropped climbing after spraining my wrist and took up pottery instead. "
                "Throwing on the wheel is so much harder than it looks",
                "Sorry about the wrist, but that's a great pick. Centring the clay is the "
                "hardest part at first; brace your elbows against your thighs.",
                "my bowls keep collapsing",
                "Probably too much water or walls that are too thin near the bottom. Sponge out "
                "the water and leave a bit more thickness at the base.",
            ]),
            ("topic", "2023/07/02 11:05", [
                "I want a hobby where I actually meet people, I'm bored of doing stuff alone",
                "Group classes are great for that: dance, improv, team sports or a choir. Seeing "
                "the same faces every week makes friendships easy.",
                "improv terrifies me",
                "Fair! A class with a clear skill to learn might feel safer.",
            ]),
            ("ans", "2023/09/14 22:10", [
                "*Pottery's on pause because the studio shut down, but I joined a salsa class on "
                "Thursday nights and I'm obsessed. My feet hurt though",
                "Ha, that's the sign of a good class! Get shoes with a smooth sole so you can "
                "spin without twisting your knees.",
                "suede soles?",
                "Exactly, dance shoes usually have suede soles for that reason.",
            ]),
        ],
    },
    {
        "id": "hand_ku_09",
        "question": "how do i get to work usually?",
        "answer": "cycling to the office",
        "old": ["42 bus"],
        "asked": "2023/10/20 08:00",
        "sessions": [
            ("ans", "2023/02/27 07:40", [
                "*I take the 42 bus to work, it's about 35 minutes. What can I do with that time "
                "that isn't doomscrolling?",
                "Audiobooks, a language app, a podcast series, or just planning your day. Some "
                "people like a quick journal entry on the way home.",
                "language app could be fun",
                "Half an hour each way adds up fast. That's hours of practice a week.",
            ]),
            ("topic", "2023/05/14 19:55", [
                "Rush hour is making me miserable. Is it worth asking my boss if I can start at "
                "10?",
                "It's worth asking. Frame it around focus and productivity, and suggest a trial "
                "period.",
                "what if she says no",
                "Then ask about one or two remote days instead. Having a fallback makes the "
                "conversation easier.",
            ]),
            ("ans", "2023/08/08 18:20", [
                "*I no longer take the bus. I've been cycling to the office along the canal for "
                "a month now. Arrive sweaty but happy",
                "That sounds like a lovely route! Is there somewhere to shower or change at work?",
                "there's a shower in the basement, luckily",
                "Perfect. Keep a spare shirt and some deodorant at your desk and you're set.",
            ]),
        ],
    },
    {
        "id": "hand_ku_10",
        "question": "Where's my go-to coffee spot?",
        "answer": "Bean & Barrel",
        "old": ["Café Lumen"],
        "asked": "2023/11/18 10:30",
        "sessions": [
            ("ans", "2023/03/12 10:10", [
                "*Café Lumen is my favourite spot, their cardamom bun is unreal. Can I make "
                "those at home?",
                "You can! It's an enriched dough rolled with butter, sugar and freshly ground "
                "cardamom. The knotting is the fun part.",
                "is ground cardamom from a jar fine",
                "It works, but grinding the seeds yourself makes a huge difference to the aroma.",
            ]),
            ("ans", "2023/08/27 09:25", [
                "*I've gone off Lumen since the new owners took over, the buns are frozen now. "
                "Bean & Barrel on Mill Street is my place these days, they roast their own beans.",
                "Shame about the buns, but roasting in-house is a great sign. What do you "
                "usually order?",
                "flat white and whatever pastry is still warm",
                "Solid strategy.",
            ]),
            ("topic", "2023/09/30 13:45", [
                "how long is it ok to sit in a coffee shop with my laptop",
                "A good rule is to buy something every couple of hours and not take a big table "
                "during the lunch rush.",
                "fair. and calls?",
                "Keep them short and use headphones. If it's a long one, step outside.",
            ]),
        ],
    },
    {
        "id": "hand_ku_11",
        "question": "what food is my dog on?",
        "answer": "Hill's Science Diet",
        "old": ["Orijen"],
        "asked": "2023/09/12 19:00",
        "sessions": [
            ("ans", "2023/02/02 18:35", [
                "*Biscuit (my beagle) eats Orijen kibble, but he wolfs it down in like 20 "
                "seconds. Is that bad?",
                "Eating that fast can cause vomiting and bloat. A slow-feeder bowl or a snuffle "
                "mat makes him work for it.",
                "snuffle mat sounds cute",
                "Beagles love them, it puts that nose to work.",
            ]),
            ("topic", "2023/04/25 20:10", [
                "Biscuit keeps shaking his head and scratching one ear",
                "Could be an ear infection; floppy-eared breeds are prone to them. Worth a vet "
                "check, especially if there's a smell or redness.",
                "there is a bit of a smell",
                "Then book the vet, and don't put anything in the ear until they've had a look.",
            ]),
            ("ans", "2023/07/19 17:50", [
                "*The vet put Biscuit on Hill's Science Diet for his sensitive tummy, so we "
                "switched over last week. Mixing it in gradually like she said.",
                "Good, a gradual switch over about a week avoids upset stomachs. How's he taking "
                "to it?",
                "he eats anything so no complaints",
                "Typical beagle.",
            ]),
        ],
    },
    {
        "id": "hand_ku_12",
        "question": "who's my boss now?",
        "answer": "Hannah Okafor",
        "old": ["Priya", "Marcus"],
        "asked": "2023/11/06 09:15",
        "sessions": [
            ("ans", "2023/01/10 12:20", [
                "*My manager Priya is great about flexible hours, so I'm thinking of asking to "
                "do school pickup twice a week. How do I bring it up?",
                "Since she's already flexible, just be direct: which days, how you'll cover the "
                "time, and that you'll stay reachable.",
                "ok, I'll ask at our 1:1 on Thursday",
                "Good timing. Good luck!",
            ]),
            ("ans", "2023/04/12 17:05", [
                "*Priya got promoted to director so I report to Marcus now. He's nice but he "
                "books meetings at 8am",
                "A change of manager takes some adjusting. Mention your pickup arrangement early "
                "so he knows your schedule.",
                "yeah good point",
                "Setting expectations at the start is much easier than later.",
            ]),
            ("topic", "2023/06/07 16:40", [
                "My mid-year review is next week. What should I prepare?",
                "Your main wins with numbers where you can, one or two things you want to grow "
                "in, and any support you need.",
                "what if the missed deadline comes up",
                "Own it briefly, explain what you changed so it won't happen again, and move on.",
            ]),
            ("ans", "2023/09/20 13:30", [
                "*Reorg again!! Marcus moved over to the Berlin office and my new lead is Hannah "
                "Okafor. Third boss this year, lol",
                "That's a lot of change. Worth setting up an intro 1:1 early to share what "
                "you're working on.",
                "already booked it for Monday",
                "Great, you're ahead of the game.",
            ]),
        ],
    },
    {
        "id": "hand_ku_13",
        "question": "How far do I usually run?",
        "answer": "10 km",
        "old": ["5k"],
        "asked": "2023/10/08 07:30",
        "sessions": [
            ("ans", "2023/03/05 08:10", [
                "*My usual run is 5k around the park, three times a week. Should I stretch "
                "before or after?",
                "Do a dynamic warm-up before (leg swings, lunges, a few minutes of easy jogging) "
                "and save static stretches for after.",
                "I always skip the warm-up",
                "Even five minutes helps prevent injury, especially on cold mornings.",
            ]),
            ("topic", "2023/05/21 18:00", [
                "how often should I replace running shoes",
                "Roughly every 500 to 800 kilometres, or when the cushioning feels flat and you "
                "get aches you didn't have before.",
                "I don't track how much I've done in them",
                "A rough guess is fine: if you've run in them a few times a week for a year, "
                "they're probably due.",
            ]),
            ("ans", "2023/08/13 09:20", [
                "*I've slowly built up so my regular loop is 10 km now, takes me about 55 "
                "minutes. Feels good!",
                "That's real progress! At that distance it's worth carrying water on warm days.",
                "thinking about a race in the autumn",
                "Great idea, you're already running the distance.",
            ]),
        ],
    },
    {
        "id": "hand_ku_14",
        "question": "what time do i go to sleep typically?",
        "answer": "9:45",
        "old": ["11:30"],
        "asked": "2023/10/10 21:00",
        "sessions": [
            ("ans", "2023/02/19 22:40", [
                "*I'm usually in bed by 11:30 and still wake up tired. How much sleep do adults "
                "actually need?",
                "Most adults need seven to nine hours. If you get that and still feel tired, "
                "look at quality: late caffeine, screens, or an irregular schedule.",
                "I do have coffee at 4pm...",
                "Caffeine hangs around for hours. Try cutting it off after lunch for a week.",
            ]),
            ("ans", "2023/06/26 20:30", [
                "*Since starting the early shift at the hospital, I'm asleep by 9:45 most "
                "nights. My friends think I'm 80",
                "Ha! Early shifts need early nights. Blackout curtains help a lot in summer when "
                "it's still light out.",
                "already got them",
                "Then you're doing everything right.",
            ]),
            ("topic", "2023/08/30 23:05", [
                "My neighbours have started having loud parties. Any tips for sleeping through "
                "it?",
                "Foam earplugs plus a white noise machine or a fan block a surprising amount. A "
                "polite word with the neighbours is worth a try too.",
                "earplugs hurt my ears",
                "Try silicone or wax ones; they mould over the outside of your ear instead of "
                "going deep.",
            ]),
        ],
    },
    {
        "id": "hand_ku_15",
        "question": "Which language am I taking lessons in?",
        "answer": "Korean",
        "old": ["Japanese"],
        "asked": "2023/09/09 11:00",
        "sessions": [
            ("ans", "2023/01/29 19:30", [
                "*I started an evening Japanese class at the community college. Hiragana is fine "
                "but katakana is killing me",
                "Katakana trips a lot of people up. Spaced-repetition flashcards like Anki help, "
                "and so does reading loanwords on menus.",
                "good idea, lots of them are English words anyway",
                "Exactly, which makes them easy to guess once you know the sounds.",
            ]),
            ("topic", "2023/03/26 15:15", [
                "how do people actually stay motivated learning a language as an adult",
                "Small daily habits, a clear reason you care, and content you enjoy (shows, "
                "music, games) in that language.",
                "I think I need a conversation partner",
                "Language exchange apps or local meetups are good for that. Even 30 minutes a "
                "week makes a difference.",
            ]),
            ("ans", "2023/06/21 20:45", [
                "*I switched from Japanese to Korean this term. The teacher is fantastic and "
                "honestly Hangul clicked in a weekend.",
                "Hangul is famously logical, so that tracks! Are you watching any dramas for "
                "listening practice?",
                "way too many",
                "Best homework there is.",
            ]),
        ],
    },
    {
        "id": "hand_ku_16",
        "question": "what book am I reading rn?",
        "answer": "Piranesi",
        "old": ["The Overstory"],
        "asked": "2023/05/15 22:00",
        "sessions": [
            ("ans", "2023/02/08 21:35", [
                "*I'm halfway through The Overstory. Is it me or is it slow?",
                "It's not just you. The first part is a set of separate stories before they "
                "connect, and lots of readers say it picks up once the threads come together.",
                "ok I'll stick with it",
                "Give it another 50 pages and see how you feel.",
            ]),
            ("topic", "2023/03/19 16:50", [
                "I'm starting a book club with friends, how often should we meet?",
                "Once a month suits most groups: enough time to finish a book without losing "
                "momentum.",
                "and how do we pick books",
                "Rotate who chooses, and keep it to books under about 400 pages so people "
                "actually finish.",
            ]),
            ("ans", "2023/04/23 20:05", [
                "*I abandoned The Overstory, it was dragging too much. Started Piranesi on "
                "Sunday and I'm already hooked",
                "Great pick: short, strange and beautiful. No spoilers, but pay attention to the "
                "journal entries.",
                "ooh ok",
                "Enjoy it!",
            ]),
        ],
    },
    {
        "id": "hand_ku_17",
        "question": "What's my usual hot drink?",
        "answer": "rooibos",
        "old": ["espresso"],
        "asked": "2023/09/03 08:40",
        "sessions": [
            ("ans", "2023/01/15 10:25", [
                "*I drink like three espressos a day. Is that too much?",
                "Three singles is roughly 200 mg of caffeine, well within the usual 400 mg daily "
                "guideline for healthy adults.",
                "what if I'm anxious a lot",
                "Caffeine can make anxiety worse for some people. Try cutting back and see how "
                "you feel.",
            ]),
            ("ans", "2023/05/09 15:10", [
                "*Gave up caffeine completely, headaches and all. It's rooibos for me now, "
                "morning and afternoon.",
                "Well done getting through the withdrawal! That's a nice choice, naturally "
                "caffeine-free and a little sweet.",
                "with a splash of milk it's basically a hug",
                "That's how a lot of people in South Africa take it too.",
            ]),
            ("topic", "2023/07/11 07:55", [
                "I feel groggy every morning, what helps besides stimulants?",
                "Get daylight in your eyes soon after waking, drink a big glass of water, and "
                "move a bit, even a short walk.",
                "cold shower?",
                "Some people swear by it. Try 30 seconds of cold at the end and see.",
            ]),
        ],
    },
    {
        "id": "hand_ku_18",
        "question": "how many days a week do I have to go in?",
        "answer": "four days a week",
        "old": ["Tuesdays and Thursdays"],
        "asked": "2023/10/02 07:50",
        "sessions": [
            ("ans", "2023/02/06 19:40", [
                "*We're in the office Tuesdays and Thursdays, and I'm trying to plan meal prep "
                "around that. Ideas?",
                "Cook a big batch on Monday night for the office days, things that travel well "
                "like grain bowls or pasta salad, and keep home days for fresher meals.",
                "grain bowls are good",
                "Pack the dressing separately so nothing goes soggy.",
            ]),
            ("ans", "2023/06/05 18:15", [
                "*New policy at work: it's four days a week in the office now, only Fridays at "
                "home. Bring back the old days",
                "That's a big change. Worth revisiting the meal prep too, since that's a lot "
                "more lunches to pack.",
                "yeah ugh",
                "A Sunday batch plus one midweek top-up might keep it manageable.",
            ]),
            ("topic", "2023/08/16 12:35", [
                "my desk at the office is so low my neck hurts",
                "Raise your monitor so the top is at eye level (a stack of books works) and ask "
                "facilities whether the desk or chair can be adjusted.",
                "it's hotdesking so it changes every day",
                "Then a portable laptop stand and a separate keyboard might be the best "
                "investment.",
            ]),
        ],
    },
    {
        "id": "hand_ku_19",
        "question": "what sport does my daughter do?",
        "answer": "swimming",
        "old": ["soccer"],
        "asked": "2023/12/05 17:20",
        "sessions": [
            ("ans", "2023/03/14 20:20", [
                "*Maya plays soccer on Saturday mornings and I'm on snack duty next week. What "
                "do 8-year-olds actually eat?",
                "Orange slices are a classic for a reason. Add pretzels or crackers and water; "
                "keep it simple and not too sugary.",
                "orange slices it is",
                "Cut them into wedges and pack them in a cool bag if it's warm.",
            ]),
            ("topic", "2023/06/22 21:00", [
                "how many after-school activities is too many for an 8 year old",
                "Two is usually plenty. Watch for signs she's tired or stressed, and make sure "
                "there's still free time to just play.",
                "she wants to add drama club",
                "If she's excited and it doesn't squeeze out rest, it might be fine. Try it for "
                "a term.",
            ]),
            ("ans", "2023/10/01 18:45", [
                "*Maya's doing swimming now. She quit soccer at the end of the season and joined "
                "the club at the leisure centre. Early mornings though",
                "Those clubs are known for early starts! Make sure she has a warm hat and a "
                "snack for afterwards, she'll be starving.",
                "she's ravenous every time",
                "Totally normal after a session in the pool.",
            ]),
        ],
    },
    {
        "id": "hand_ku_20",
        "question": "what do i pay in rent?",
        "answer": "$2,050",
        "old": ["$1,850"],
        "asked": "2023/09/28 20:30",
        "sessions": [
            ("ans", "2023/01/25 21:15", [
                "*Our rent is $1,850 a month and I want to start saving for a down payment. How "
                "much of my income should go on rent?",
                "A common guideline is around 30% of gross income. If you're over that, saving "
                "is tighter, but small automatic transfers still add up.",
                "we're around 35%",
                "Then look for savings elsewhere (subscriptions, groceries) and automate "
                "whatever you can set aside on payday.",
            ]),
            ("ans", "2023/04/03 19:00", [
                "*The landlord bumped it to $2,050 starting in May. Not thrilled. Is it worth "
                "negotiating?",
                "Worth a try, especially if you've been reliable tenants. Mention comparable "
                "listings and offer a longer lease in exchange for a smaller increase.",
                "we'll try",
                "Even a partial reduction is worth the email.",
            ]),
            ("topic", "2023/07/26 13:20", [
                "where should I keep my down payment savings",
                "A high-yield savings account is a good home for money you'll need in a few "
                "years: safe and easy to get at.",
                "not stocks?",
                "Not for a short horizon. If the market drops right before you buy, you'd be "
                "stuck.",
            ]),
        ],
    },
    {
        "id": "hand_ku_21",
        "question": "which laptop am I on these days?",
        "answer": "Dell XPS 13",
        "old": ["ThinkPad X1", "MacBook Air"],
        "asked": "2023/10/25 14:00",
        "sessions": [
            ("ans", "2023/01/12 11:45", [
                "*My ThinkPad X1 fan is really loud during video calls. Any fixes?",
                "Check for background processes hogging the CPU, update the BIOS and try the "
                "balanced power mode. Blowing out the vents with compressed air can help too.",
                "it's from 2019, probably dusty",
                "Definitely give it a clean then.",
            ]),
            ("ans", "2023/04/18 10:20", [
                "*Switched to a MacBook Air for work, so quiet, no fan at all. Any keyboard "
                "shortcuts I need to learn?",
                "Cmd+Space for Spotlight, Cmd+Tab to switch apps, Cmd+Shift+4 for screenshots "
                "and Ctrl+Cmd+Q to lock the screen.",
                "the screenshot one is great",
                "Press Space after Cmd+Shift+4 to capture a single window.",
            ]),
            ("topic", "2023/06/15 16:30", [
                "What's the easiest way to back up my work laptop?",
                "Use the cloud storage your company provides for documents, and an external "
                "drive with automatic backups for everything else.",
                "IT says no personal drives",
                "Then stick to the company cloud and check with them how often it syncs.",
            ]),
            ("ans", "2023/08/24 09:55", [
                "*So the Mac died after a coffee spill (RIP) and IT gave me a Dell XPS 13 as a "
                "loaner. I've decided I'm keeping it, it's actually nice",
                "Sorry about the spill! It's a solid machine. Want some Windows shortcuts to get "
                "back up to speed?",
                "sure",
                "Win+E opens File Explorer, Win+L locks the screen, Win+Shift+S takes a "
                "screenshot and Win+V opens clipboard history.",
            ]),
        ],
    },
    {
        "id": "hand_ku_22",
        "question": "what's my partner's name?",
        "answer": "Jonas",
        "old": ["Elena"],
        "asked": "2023/11/14 20:00",
        "sessions": [
            ("ans", "2023/02/11 13:10", [
                "*My girlfriend Elena and I have our first Valentine's together in a few days. "
                "Ideas that aren't cliché?",
                "Cook a meal from somewhere that means something to you both, plan a small "
                "surprise adventure, or write her a letter about your favourite moments so far.",
                "she loves hiking",
                "A sunrise hike with a flask of hot chocolate could be really special.",
            ]),
            ("ans", "2023/08/05 19:25", [
                "*Elena and I broke up in March, it was mutual. I've been seeing someone named "
                "Jonas since the summer and it's going really well",
                "I'm glad things are good now. How did you two meet?",
                "at my friend's barbecue, he was on grill duty",
                "A classic meet-cute.",
            ]),
            ("topic", "2023/10/01 12:00", [
                "what's a good weekend trip for a couple that doesn't involve a lot of driving",
                "A train to a nearby town with a nice inn, or a cabin within an hour's drive. "
                "Keep the plans light so there's room to relax.",
                "a cabin with a hot tub maybe",
                "Perfect for this time of year.",
            ]),
        ],
    },
]

# Abstention: the topic is in the haystack, the asked-for detail is not. "type" is the
# LongMemEval type the question imitates.
ABSTENTIONS: list[dict] = [
    {
        "id": "hand_ab_01_abs",
        "type": "single-session-user",
        "question": "what's my sister's name again?",
        "answer": "You haven't mentioned a sister; you only talked about your brother Luca "
        "and your mum.",
        "asked": "2023/09/01 18:00",
        "sessions": [
            ("topic", "2023/05/06 14:30", [
                "My brother Luca just got his pilot's licence and wants to take me up in a tiny "
                "plane. Should I be nervous?",
                "A little nervousness is normal! Small planes feel bumpier than airliners, but a "
                "newly licensed pilot has just been through a lot of training and checks.",
                "what should I wear",
                "Layers, comfortable shoes and sunglasses. Skip a big breakfast if you get "
                "motion sick.",
            ]),
            ("topic", "2023/07/09 11:15", [
                "Mum wants a big family dinner for her birthday and I'm in charge of the cake",
                "Fun! What does she like: chocolate, fruit, something lighter?",
                "lemon anything",
                "A lemon drizzle loaf or a lemon and olive oil cake would be perfect, and both "
                "are forgiving to bake.",
            ]),
        ],
    },
    {
        "id": "hand_ab_02_abs",
        "type": "single-session-user",
        "question": "which hotel did I book in Rome?",
        "answer": "Not mentioned: you talked about flights to Rome, the Colosseum and which "
        "neighbourhoods to wander, but never said where you're staying.",
        "asked": "2023/06/10 09:30",
        "sessions": [
            ("topic", "2023/03/18 20:20", [
                "Booked flights to Rome for early May!! First time in Italy. Is the Colosseum "
                "worth the hype?",
                "Absolutely. Book timed entry in advance and consider a ticket that includes the "
                "Forum and Palatine Hill, they're right next door.",
                "how many days do I need in the city",
                "Three full days covers the highlights without rushing; four if you want a day "
                "trip or time to wander.",
            ]),
            ("topic", "2023/04/20 21:05", [
                "What neighbourhood in Rome is best for wandering around in the evening?",
                "Trastevere is lovely at night, cobbled streets and lots of trattorias. Monti is "
                "a bit calmer and close to the Colosseum.",
                "is it safe to walk back late?",
                "Generally yes in the centre; just keep an eye on your phone and bag in busy "
                "spots.",
            ]),
        ],
    },
    {
        "id": "hand_ab_03_abs",
        "type": "single-session-user",
        "question": "what brand are the running shoes I got?",
        "answer": "You never said the brand; you only mentioned buying running shoes half a size "
        "up because of your knees.",
        "asked": "2023/04/30 08:15",
        "sessions": [
            ("topic", "2023/02/26 12:40", [
                "Finally bought proper running shoes after my knees started complaining. Went "
                "half a size up like the guy in the shop said.",
                "Good move, feet swell when you run so a bit of extra room helps. Do a few short "
                "runs in them before anything long.",
                "they feel weirdly bouncy",
                "That's the cushioning. It takes some getting used to if you've been running in "
                "flat trainers.",
            ]),
        ],
    },
    {
        "id": "hand_ab_04_abs",
        "type": "single-session-user",
        "question": "what's my dentist called?",
        "answer": "Not mentioned: you talked about a cleaning appointment and bleeding gums, but "
        "never named your dentist.",
        "asked": "2023/08/03 13:00",
        "sessions": [
            ("topic", "2023/06/12 19:10", [
                "I have a dentist appointment for a cleaning on Thursday and I haven't gone in "
                "three years. Will they judge me?",
                "They see it all the time, honestly. They'll just be glad you came in. Be "
                "upfront and they'll go gently.",
                "my gums bleed when I floss",
                "Common when flossing isn't a habit yet. Mention it, and keep flossing gently; "
                "it usually improves in a couple of weeks.",
            ]),
        ],
    },
    {
        "id": "hand_ab_05_abs",
        "type": "single-session-user",
        "question": "what did we name the dog we adopted?",
        "answer": "You never said the dog's name; you only mentioned adopting a shy two-year-old "
        "shepherd mix.",
        "asked": "2023/07/01 10:00",
        "sessions": [
            ("topic", "2023/04/08 16:45", [
                "We adopted a rescue dog yesterday! A shepherd mix, about two years old. He's so "
                "shy.",
                "Congratulations! Shy rescues need time. Give him a quiet space, keep the "
                "routine predictable and let him come to you.",
                "he won't eat much yet",
                "Very common for the first couple of days. If it goes past three or four, call "
                "the vet.",
            ]),
            ("topic", "2023/05/20 18:30", [
                "The shepherd pup finally plays with toys now! What's good for a strong chewer?",
                "Tough rubber toys, and you can stuff them with food for extra fun. Avoid "
                "anything he can break into small pieces.",
                "he destroyed a plush in five minutes",
                "Sounds about right for a shepherd!",
            ]),
        ],
    },
    {
        "id": "hand_ab_06_abs",
        "type": "multi-session",
        "question": "how much did I spend on concert tickets altogether?",
        "answer": "Not mentioned: you talked about two concerts (Fontaines D.C. and Lizzo) but "
        "never what the tickets cost.",
        "asked": "2023/08/20 12:00",
        "sessions": [
            ("topic", "2023/03/11 17:25", [
                "Going to see Fontaines D.C. next month with my cousin! Standing or seated for a "
                "first gig?",
                "Standing is where the energy is. Get there early if you want to be near the "
                "front, and bring earplugs.",
                "earplugs at a concert feels lame",
                "Musician's earplugs just lower the volume evenly. It still sounds good, just "
                "not painful.",
            ]),
            ("topic", "2023/06/24 23:40", [
                "Just got back from the Lizzo show, my voice is gone from screaming",
                "Sounds like an amazing night! Warm drinks with honey and some quiet time should "
                "help your voice.",
                "it was so worth it",
                "Those are the best kind of nights.",
            ]),
        ],
    },
    {
        "id": "hand_ab_07_abs",
        "type": "single-session-user",
        "question": "how much am I paying for guitar lessons?",
        "answer": "Not mentioned: you said you started guitar lessons with Ruben but never the "
        "price.",
        "asked": "2023/06/30 19:45",
        "sessions": [
            ("topic", "2023/05/02 20:30", [
                "Started guitar lessons with a teacher called Ruben. My fingertips are destroyed",
                "Every beginner's rite of passage! Short daily practice builds calluses faster "
                "than the occasional long session.",
                "how long till it stops hurting",
                "Usually two to four weeks of regular practice.",
            ]),
        ],
    },
    {
        "id": "hand_ab_08_abs",
        "type": "knowledge-update",
        "question": "What's my job title now after the promotion?",
        "answer": "Not mentioned: you interviewed for a senior analyst promotion and were "
        "waiting to hear back, but never said whether you got it.",
        "asked": "2023/08/12 09:00",
        "sessions": [
            ("topic", "2023/04/14 18:50", [
                "I'm interviewing for the senior analyst promotion next week. How do I prep for "
                "an internal interview?",
                "Treat it like an external one: prepare examples of impact, show you understand "
                "the bigger role, and don't assume they know everything you've done.",
                "it's weird interviewing with people I see every day",
                "It is! But it also means you can speak to real problems the team has and how "
                "you'd tackle them.",
            ]),
            ("topic", "2023/05/30 12:15", [
                "still waiting to hear back about the promotion, it's been two weeks. Should I "
                "follow up?",
                "A short, friendly message to the hiring manager asking about the timeline is "
                "completely fine at this point.",
                "ok I'll send it tomorrow",
                "Good luck, fingers crossed.",
            ]),
        ],
    },
    {
        "id": "hand_ab_09_abs",
        "type": "temporal-reasoning",
        "question": "how many days until my cousin's wedding?",
        "answer": "Can't tell: you mentioned your cousin's garden wedding and what to wear, but "
        "never its date.",
        "asked": "2023/07/05 17:00",
        "sessions": [
            ("topic", "2023/06/03 15:20", [
                "My cousin's wedding is coming up and I have nothing to wear. It's a garden "
                "wedding, semi-formal.",
                "A floaty midi dress or a light suit without a tie would both work. Skip "
                "stilettos on grass; block heels are kinder.",
                "should I bring a gift or is the registry enough",
                "Something from the registry is perfect; bring a card on the day.",
            ]),
        ],
    },
    {
        "id": "hand_ab_10_abs",
        "type": "single-session-user",
        "question": "do I have any food allergies I should tell the caterer about?",
        "answer": "None mentioned: you only talked about a pollen allergy (hay fever), not any "
        "food allergy.",
        "asked": "2023/06/15 11:30",
        "sessions": [
            ("topic", "2023/04/22 09:40", [
                "Hay fever season is destroying me. Pollen allergy every spring, eyes streaming. "
                "What actually works?",
                "A daily non-drowsy antihistamine started before the worst of the season, a "
                "steroid nasal spray, and a shower after being outside to rinse the pollen off.",
                "should I keep the windows closed",
                "On high-pollen days, yes, especially mornings and early evenings.",
            ]),
        ],
    },
    {
        "id": "hand_ab_11_abs",
        "type": "multi-session",
        "question": "what instrument does my son play?",
        "answer": "Not mentioned: you talked about your daughter's piano recital and your son "
        "playing a tree in the school play, but no instrument for your son.",
        "asked": "2023/07/20 20:00",
        "sessions": [
            ("topic", "2023/03/07 19:15", [
                "My daughter's piano recital is Saturday and she's nervous. How can I help her?",
                "Remind her mistakes are normal and the audience wants her to do well. Practising "
                "the opening bars until they're automatic calms the nerves.",
                "she always rushes the ending",
                "Have her practise with a metronome a little slower than performance speed.",
            ]),
            ("topic", "2023/05/16 17:40", [
                "My son got cast as a tree in the school play lol. He's thrilled anyway",
                "Trees are essential to any good play! Are you making the costume?",
                "yes, help",
                "Brown clothes as a base, a cardboard tube for the trunk, and paper or felt "
                "leaves pinned to a headband.",
            ]),
        ],
    },
    {
        "id": "hand_ab_12_abs",
        "type": "single-session-user",
        "question": "what colour is my car?",
        "answer": "Not mentioned: you talked about your Subaru's 60,000-mile service but never "
        "its colour.",
        "asked": "2023/03/30 16:10",
        "sessions": [
            ("topic", "2023/02/15 08:50", [
                "Taking the Subaru in for its 60,000-mile service tomorrow. What should I ask "
                "them to check?",
                "They'll usually do oil, filters and brakes. Ask about the drive belt, the CV "
                "boots, and whether the transmission fluid is due.",
                "and tyres?",
                "Yes, ask them to check tread depth and rotate them if that hasn't been done "
                "recently.",
            ]),
        ],
    },
    {
        "id": "hand_ab_13_abs",
        "type": "temporal-reasoning",
        "question": "how many days was I in Denver?",
        "answer": "Can't tell: you said you were flying to Denver on a Thursday for a conference, "
        "but never when you came back.",
        "asked": "2023/10/15 12:30",
        "sessions": [
            ("topic", "2023/09/06 21:20", [
                "flying to Denver on Thursday for a conference. Will the altitude actually "
                "affect me?",
                "Some people feel it: mild headaches or tiredness the first day. Drink lots of "
                "water, go easy on alcohol and skip hard workouts at first.",
                "good to know, there's a happy hour the first night",
                "Maybe one drink and plenty of water!",
            ]),
        ],
    },
    {
        "id": "hand_ab_14_abs",
        "type": "single-session-user",
        "question": "what's the name of my upstairs neighbour?",
        "answer": "Not mentioned: you complained about the man upstairs stomping around at 1am "
        "but never said his name.",
        "asked": "2023/03/02 22:00",
        "sessions": [
            ("topic", "2023/01/19 01:20", [
                "The guy upstairs stomps around at 1am every night. How do I bring it up without "
                "starting a feud?",
                "Knock on a weekend afternoon when you're both relaxed, keep it friendly and "
                "describe the specific problem. He may have no idea how much the noise carries.",
                "should I leave a note instead",
                "A note can come across as passive-aggressive. Face to face is usually better, "
                "with a note as a backup.",
            ]),
        ],
    },
    {
        "id": "hand_ab_15_abs",
        "type": "knowledge-update",
        "question": "which phone did I end up upgrading to?",
        "answer": "Not mentioned: you were thinking of replacing your cracked Samsung Galaxy S21 "
        "but never said what you got.",
        "asked": "2023/08/26 15:00",
        "sessions": [
            ("topic", "2023/05/13 14:05", [
                "My Samsung Galaxy S21 has a crack across the top of the screen. Thinking about "
                "upgrading instead of fixing it.",
                "Get a repair quote first. If it's more than about a third of the price of a new "
                "phone, upgrading often makes sense.",
                "it's an old phone anyway",
                "Then it might be a good time. Trade-in offers can knock a decent amount off.",
            ]),
            ("topic", "2023/06/28 18:40", [
                "Phone shops are so confusing, everything is about contracts. Should I buy "
                "outright?",
                "If you can afford it, buying outright with a cheap SIM-only plan usually works "
                "out cheaper over two years.",
                "makes sense",
                "Compare the total cost over the contract length; that's where the hidden "
                "numbers are.",
            ]),
        ],
    },
    {
        "id": "hand_ab_16_abs",
        "type": "single-session-user",
        "question": "what's the name of the restaurant we went to for our anniversary?",
        "answer": "Not mentioned: you only called it the little Italian place where you had "
        "your first date.",
        "asked": "2023/11/05 19:00",
        "sessions": [
            ("topic", "2023/10/10 12:50", [
                "Our 10th anniversary is this Friday, we're going back to that little Italian "
                "place where we had our first date. Any ideas to make it special?",
                "Call ahead and ask for the same table if you remember it, or have them bring "
                "dessert with a candle. A small framed photo from that first date would be a "
                "sweet gift.",
                "aww the photo idea is cute",
                "It's simple but it'll mean a lot.",
            ]),
        ],
    },
]

MULTI_SESSION: list[dict] = [
    {
        "id": "hand_ms_01",
        "question": "how many different instruments have I said I'm learning?",
        "answer": "3: ukulele, piano and cello",
        "asked": "2023/09/02 14:00",
        "sessions": [
            ("ans", "2023/01/14 16:20", [
                "*I picked up a ukulele on a whim last week and I'm learning from YouTube. Which "
                "songs are easy?",
                "'Riptide', 'Somewhere Over the Rainbow' and 'I'm Yours' are beginner favourites "
                "with just a few chords.",
                "Riptide it is",
                "It's mostly Am, G and C, you'll have it in no time.",
            ]),
            ("ans", "2023/03/25 11:30", [
                "*Also started piano lessons on Saturdays. My left hand has a mind of its own",
                "Hands-separate practice is your friend. Get each hand solid alone before "
                "putting them together, slowly.",
                "my teacher said the same thing",
                "Then you know it's good advice!",
            ]),
            ("topic", "2023/05/03 20:00", [
                "is it worth learning to read music or can I just learn by ear",
                "Both are valuable. Reading opens up a huge amount of material, while ear "
                "training helps you play with others and improvise.",
                "reading feels like homework",
                "Ten minutes a day with an app makes it less painful.",
            ]),
            ("ans", "2023/07/18 18:45", [
                "*Okay don't laugh, I've added cello to the list. The rental place had a deal "
                "and I couldn't resist",
                "Not laughing, it's a gorgeous instrument. Renting is a smart way to start. Get "
                "your teacher to check your bow hold early.",
                "it's so big compared to the uke",
                "Quite the contrast! Those little chord shapes will help your left hand a bit "
                "though.",
            ]),
        ],
    },
    {
        "id": "hand_ms_02",
        "question": "which cities did I go to this year?",
        "answer": "Bologna, Ghent and Kraków (Lisbon was only an idea for next spring)",
        "asked": "2023/11/30 19:30",
        "sessions": [
            ("ans", "2023/03/04 18:10", [
                "*Back from a long weekend in Bologna and I ate my body weight in tortellini. "
                "How do I make a proper ragù at home?",
                "Soffritto of onion, carrot and celery, then beef and pork mince, a splash of "
                "white wine and milk, a little tomato, and a slow simmer of at least three hours.",
                "milk? really?",
                "Really, it's traditional and makes the meat tender.",
            ]),
            ("ans", "2023/05/27 21:30", [
                "*Ghent was so pretty, we did a canal boat tour and ate way too many waffles. "
                "Tips for editing travel photos on my phone?",
                "Straighten the horizon first, lift the shadows a little and don't overdo the "
                "saturation. Lightroom's free mobile app is great for this.",
                "my canal photos are all a bit dark",
                "Try the shadows slider before exposure; it brightens the dark parts without "
                "blowing out the sky.",
            ]),
            ("topic", "2023/07/01 10:45", [
                "thinking about a trip to Lisbon next spring, is it walkable?",
                "Very walkable, but hilly! Comfortable shoes are a must, and the trams help with "
                "the steepest bits.",
                "maybe I'll wait until I'm fitter lol",
                "Or just embrace the tram!",
            ]),
            ("ans", "2023/09/10 20:15", [
                "*Just back from Kraków. The old town was stunning and the pierogi were "
                "incredible. Is it normal to feel this tired after a trip?",
                "Very normal. Travel days, walking all day and different sleep add up. Give "
                "yourself a slow day or two.",
                "I walked like 20k steps a day",
                "That'll do it!",
            ]),
        ],
    },
    {
        "id": "hand_ms_03",
        "question": "how much have I spent on bike gear so far?",
        "answer": "$190 in total: $85 helmet, $40 lights and $65 saddle",
        "asked": "2023/08/30 18:00",
        "sessions": [
            ("ans", "2023/03/19 12:05", [
                "*Bought a new helmet for $85. Is MIPS actually worth it or did I get upsold?",
                "MIPS is a genuine safety feature that helps reduce rotational forces in a "
                "crash. It's generally considered worth it.",
                "ok good, I feel less scammed",
                "Just replace it after any serious impact.",
            ]),
            ("ans", "2023/04/09 19:50", [
                "*Picked up front and rear lights for $40 total since it's dark by the time I "
                "leave work. How bright should they be?",
                "For city riding, a few hundred lumens up front is plenty. Steady on the front "
                "and flashing on the back so drivers notice you.",
                "they're USB rechargeable",
                "Handy. Get in the habit of charging them once a week.",
            ]),
            ("ans", "2023/06/14 21:10", [
                "*My butt hurt so much I caved and bought a new saddle, $65. It takes a while to "
                "get used to, right?",
                "Yes, a couple of weeks. Make sure it's level and at the right height; one "
                "that's too high causes a lot of discomfort.",
                "I think it's tilted forward a bit",
                "Level it out and see if that helps.",
            ]),
            ("topic", "2023/07/22 15:35", [
                "what kind of lock should I get, my friend's bike got stolen last week",
                "A solid D-lock through the frame and rear wheel, plus a cable for the front "
                "wheel. Lock it to something immovable in a busy, well-lit spot.",
                "are the cheap ones useless",
                "The cheapest cable locks can be cut in seconds. It's worth spending a bit more "
                "on this one.",
            ]),
        ],
    },
    {
        "id": "hand_ms_04",
        "question": "How many concerts have I been to this year?",
        "answer": "3: Arctic Monkeys, a jazz trio at the Blue Room, and Phoebe Bridgers (you "
        "missed out on the festival tickets)",
        "asked": "2023/10/01 13:00",
        "sessions": [
            ("ans", "2023/02/18 11:40", [
                "*Saw Arctic Monkeys last night and my ears are still ringing. Is that bad?",
                "Some ringing after a loud gig is common and usually fades within a day. If it "
                "lasts longer, see a doctor. Earplugs next time!",
                "everyone says that",
                "Because it's true, your future self will thank you.",
            ]),
            ("ans", "2023/04/29 12:25", [
                "*Went to a tiny jazz trio gig at the Blue Room on Friday, totally different "
                "vibe. Who should I listen to if I liked it?",
                "If it was a piano trio, try Bill Evans, Brad Mehldau and the Esbjörn Svensson "
                "Trio.",
                "yes piano, bass, drums",
                "Then 'Sunday at the Village Vanguard' is the perfect place to start.",
            ]),
            ("topic", "2023/06/10 10:05", [
                "festival tickets went on sale and sold out in 10 minutes, I didn't get any",
                "So frustrating. Keep an eye on the official resale platform; tickets often come "
                "back closer to the date.",
                "I'll check every day",
                "Set alerts if they offer them.",
            ]),
            ("ans", "2023/08/21 00:30", [
                "*Phoebe Bridgers was incredible, I cried twice. Best concert of my life honestly",
                "That sounds like a magical night! Which song got you?",
                "Funeral, obviously",
                "That one gets everyone.",
            ]),
        ],
    },
    {
        "id": "hand_ms_05",
        "question": "how many hours did I volunteer altogether?",
        "answer": "7 hours: 3 at the food bank and 4 at the park cleanup",
        "asked": "2023/07/10 17:30",
        "sessions": [
            ("ans", "2023/04/15 14:20", [
                "*Did a 3-hour shift at the food bank this morning sorting donations. Is there a "
                "way to help more without committing every week?",
                "Many food banks keep a flexible list for busy periods, so ask to be added. "
                "Holiday drives are always short-staffed.",
                "I'll ask next time",
                "They'll be happy to have you.",
            ]),
            ("topic", "2023/05/09 19:00", [
                "I'm thinking of volunteering at an animal shelter. What do they usually need?",
                "Dog walking, cleaning, socialising cats and help at adoption events. Most "
                "require an orientation session first.",
                "sounds fun, I'll look into it",
                "Check their website for the next orientation date.",
            ]),
            ("ans", "2023/06/03 17:45", [
                "*Spent 4 hours at the park cleanup today, we filled 30 bags of rubbish. My back "
                "is done",
                "That's an impressive haul! Stretch a bit tonight and drink plenty of water.",
                "worth it though",
                "Absolutely. The park will look so much better.",
            ]),
        ],
    },
    {
        "id": "hand_ms_06",
        "question": "what are my kids' names?",
        "answer": "Ines and Mateo",
        "asked": "2023/09/01 08:30",
        "sessions": [
            ("ans", "2023/02/20 19:35", [
                "*Ines has her first swimming lesson tomorrow and she's scared of putting her "
                "face in the water. Any tips?",
                "Practise blowing bubbles in the bath tonight and make it a game. And tell her "
                "it's totally fine to take it slow.",
                "she's 5, so bubbles might work",
                "Perfect age for it.",
            ]),
            ("ans", "2023/05/11 03:15", [
                "*Mateo is teething and nobody in this house has slept in a week. Help",
                "Cold teething rings, a clean wet flannel from the fridge, and gently rubbing "
                "his gums can help. Ask your pharmacist about infant pain relief if it's bad.",
                "the cold flannel worked a bit",
                "Every little bit helps. Hang in there.",
            ]),
            ("topic", "2023/07/14 07:20", [
                "mornings with two kids are chaos. how do people get out the door on time?",
                "Do as much as you can the night before: lay out clothes, pack bags, prep "
                "breakfast. A picture checklist helps little ones too.",
                "the night before thing is a good idea",
                "It makes a surprising difference.",
            ]),
        ],
    },
    {
        "id": "hand_ms_07",
        "question": "what's the total distance of all the hikes I've done so far?",
        "answer": "35 km (12 + 8 + 15); the 20 km one was only being planned",
        "asked": "2023/08/06 20:00",
        "sessions": [
            ("ans", "2023/04/02 18:30", [
                "*Did a 12 km hike today with my friend, first one of the season. My calves hate "
                "me",
                "Great start to the season! Gentle walking and stretching tomorrow will help "
                "more than total rest.",
                "ok I'll go for a short walk",
                "Perfect.",
            ]),
            ("ans", "2023/05/13 17:15", [
                "*Only 8 km today because of the rain, but the waterfall was worth it",
                "Waterfalls are always better after rain! Were the trails slippery?",
                "so muddy",
                "Good boots earn their money on days like that.",
            ]),
            ("ans", "2023/06/25 19:05", [
                "*New personal best: 15 km with a big climb in the middle. Should I be eating "
                "during hikes that long?",
                "Yes, a snack every hour or so keeps your energy up. Nuts, dried fruit and a "
                "sandwich are easy.",
                "I only brought one granola bar lol",
                "Next time bring more than you think you need.",
            ]),
            ("topic", "2023/07/08 12:10", [
                "thinking about a 20 km hike next month, how do I prepare?",
                "Build up with a couple of longer outings first, break in your boots, and plan "
                "your water and food stops.",
                "that's a lot of food",
                "Better too much than too little!",
            ]),
        ],
    },
    {
        "id": "hand_ms_08",
        "question": "which cuisines have I tried so far for my food challenge?",
        "answer": "Ethiopian, Peruvian and Georgian (April was still undecided)",
        "asked": "2023/05/05 18:30",
        "sessions": [
            ("ans", "2023/01/21 20:40", [
                "*Started my 'try a new cuisine every month' challenge, and January was "
                "Ethiopian. Is injera meant to be sour?",
                "Yes, that tang comes from fermentation and balances the rich stews. Did you try "
                "the lentils?",
                "misir wot! so good",
                "A classic.",
            ]),
            ("ans", "2023/02/26 19:15", [
                "*February's cuisine was Peruvian and the ceviche blew my mind. Can I make it at "
                "home safely?",
                "Yes, with very fresh fish from a good fishmonger. The lime 'cooks' it in about "
                "15 minutes, so don't let it sit too long.",
                "what fish",
                "Sea bass or any firm white fish.",
            ]),
            ("ans", "2023/03/30 21:00", [
                "*March: Georgian food. Khachapuri is basically a bread boat full of cheese and "
                "I'm here for it",
                "It's so good! Stirring the egg yolk into the cheese is the best part.",
                "yes!!",
                "What's next month's pick?",
            ]),
            ("topic", "2023/04/12 13:25", [
                "April pick for the food challenge... torn between Burmese and Sri Lankan. Which "
                "is easier to find?",
                "Depends on where you live, but Sri Lankan restaurants tend to be a bit more "
                "common. Either would be a great choice.",
                "I'll see what's near me",
                "Good plan, have fun!",
            ]),
        ],
    },
    {
        "id": "hand_ms_09",
        "question": "what languages do I speak?",
        "answer": "Spanish (native), English, German and Portuguese",
        "asked": "2023/08/15 10:15",
        "sessions": [
            ("ans", "2023/02/01 09:10", [
                "*Spanish is my first language but my English emails still sound stiff. How do I "
                "make them more natural?",
                "Shorter sentences, contractions and friendly openers like 'Hope you're well'. "
                "Reading emails from native-speaker colleagues helps you pick up the tone.",
                "contractions feel informal",
                "In most workplaces they're completely fine and sound warmer.",
            ]),
            ("ans", "2023/04/07 21:25", [
                "*I learned German at uni and I'm getting rusty. Any shows to keep it fresh?",
                "Dark is a great pick, and so is Babylon Berlin. Watch with German subtitles "
                "rather than English ones.",
                "I've seen Dark already",
                "Then try 'How to Sell Drugs Online (Fast)', it's lighter and very "
                "conversational.",
            ]),
            ("ans", "2023/06/19 18:05", [
                "*My Portuguese is conversational now thanks to my in-laws in Brazil. Should I "
                "take a formal class to fix my grammar?",
                "A class or a few private lessons would tidy up the grammar nicely, since you "
                "already have the fluency.",
                "my verb tenses are a mess",
                "Very common when you learn by ear. A focused course on tenses will help.",
            ]),
        ],
    },
    {
        "id": "hand_ms_10",
        "question": "how much did I spend on my parents' birthday presents combined?",
        "answer": "$175: $45 on the scarf for your mum and $130 on the headphones for your dad",
        "asked": "2023/10/01 16:40",
        "sessions": [
            ("ans", "2023/03/08 13:35", [
                "*Got my mum a cashmere scarf for her birthday, $45 on sale. Is that a good deal?",
                "For real cashmere that's a great price. Check the label says 100% cashmere and "
                "not a blend.",
                "it says 100%",
                "Then you did well!",
            ]),
            ("ans", "2023/07/02 15:50", [
                "*Dad's birthday present sorted: noise-cancelling headphones for $130. He "
                "complains about the neighbours' dog constantly lol",
                "Perfect gift for that! Maybe show him how the noise cancelling works; some "
                "people never switch it on.",
                "true, he'll need a tutorial",
                "A quick demo on the day will help.",
            ]),
            ("topic", "2023/09/14 20:25", [
                "my sister's birthday is next month, she's into climbing. budget around $60",
                "A chalk bag with her initials, a guidebook for her local crags, or a gift card "
                "for her gym.",
                "chalk bag is cute",
                "Personalised ones are a nice touch.",
            ]),
        ],
    },
    {
        "id": "hand_ms_11",
        "question": "how many medical appointments did I have this spring?",
        "answer": "4: dermatologist, physio, eye exam and dentist",
        "asked": "2023/06/20 12:00",
        "sessions": [
            ("ans", "2023/03/13 13:00", [
                "*Dermatologist appointment this morning for a mole check, all clear. Should I "
                "be doing these every year?",
                "Yearly is common if you have lots of moles or a family history. Otherwise "
                "regular self-checks, and see someone about any changes.",
                "lots of moles, so yearly",
                "Good plan, put a reminder in your calendar.",
            ]),
            ("ans", "2023/04/05 18:20", [
                "*Physio today for my shoulder, she gave me these band exercises. How often do I "
                "do them?",
                "Follow her plan, but usually it's once or twice a day. Consistency matters more "
                "than intensity.",
                "they're boring",
                "Do them during a TV show, much easier.",
            ]),
            ("ans", "2023/04/26 17:10", [
                "*Eye exam this afternoon, turns out I need glasses for driving. Frames are so "
                "expensive",
                "They can be! Online retailers are often much cheaper. Bring your prescription "
                "and your pupillary distance measurement.",
                "I'll ask for the PD",
                "Good, some places don't include it unless you ask.",
            ]),
            ("ans", "2023/05/24 11:45", [
                "*Back from the dentist: one small filling, not bad. My face is still numb though",
                "The numbness usually wears off in a few hours. Avoid hot drinks and chewing on "
                "that side until it does.",
                "I already bit my cheek",
                "Ouch! Rinse with salt water; it'll heal quickly.",
            ]),
        ],
    },
    {
        "id": "hand_ms_12",
        "question": "how many pets do we have at home?",
        "answer": "3: Miso the cat and two guinea pigs, Pancake and Waffles (a dog was only "
        "being considered)",
        "asked": "2023/09/09 09:45",
        "sessions": [
            ("ans", "2023/02/04 06:10", [
                "*My cat Miso keeps knocking things off the counter at 5am. How do I stop her?",
                "Feed her right before bed, or set an automatic feeder for early morning so "
                "she's not waking you for food. Clear the counter of tempting objects too.",
                "she just wants attention",
                "A short play session before bed helps tire her out.",
            ]),
            ("ans", "2023/05/06 14:40", [
                "*We got two guinea pigs for the kids, Pancake and Waffles! What do they need "
                "besides hay?",
                "Fresh veg daily, vitamin C (they can't make their own), a big cage with hiding "
                "spots, and plenty of floor time.",
                "what veg",
                "Bell peppers, romaine and herbs like parsley, with small amounts of fruit as "
                "treats.",
            ]),
            ("topic", "2023/07/16 16:15", [
                "the kids are begging for a dog now too. Is that madness?",
                "Not madness, but it's a big commitment. Try fostering or dog-sitting for a "
                "friend first to see how it fits.",
                "fostering is a good idea",
                "Local shelters are always looking for fosters.",
            ]),
        ],
    },
]

PREFERENCES: list[dict] = [
    {
        "id": "hand_sp_01",
        "question": "any dinner ideas for tonight? something quick",
        "answer": "Quick dinners with no cilantro (the user can't stand it, it tastes like soap "
        "to them); use parsley or other herbs instead, ideally about 20 minutes of work.",
        "asked": "2023/07/12 18:10",
        "sessions": [
            ("ans", "2023/05/07 19:25", [
                "*Quick one: I can't stand cilantro, it tastes like soap to me. Is that a real "
                "genetic thing?",
                "Yes! A variant of an olfactory receptor gene makes it taste soapy to some "
                "people.",
                "vindicated",
                "Completely. Flat-leaf parsley is a good swap in most recipes.",
            ]),
            ("topic", "2023/06/18 20:30", [
                "I want to cook more on weeknights but I'm always wiped out after work",
                "Keep a few 20-minute meals in rotation and prep ingredients at the weekend so "
                "weeknights are mostly assembly.",
                "20 minutes is about my limit",
                "Stir-fries, pasta and sheet-pan dinners are your friends.",
            ]),
        ],
    },
    {
        "id": "hand_sp_02",
        "question": "long flight next week, what should I bring along to read?",
        "answer": "Ebooks for the user's Kindle (they only read on it now and gave away their "
        "paperbacks), e.g. borrowed through Libby; not physical books.",
        "asked": "2023/05/02 20:45",
        "sessions": [
            ("ans", "2023/03/15 22:30", [
                "*I only read on my Kindle now. I gave away most of my paperbacks when I moved, "
                "and I like reading in bed with the lights off.",
                "Makes sense, the backlight is perfect for that. Have you tried borrowing "
                "ebooks from the library?",
                "no! how does that work",
                "Lots of libraries lend through Libby, and in some countries you can send the "
                "loans straight to a Kindle.",
            ]),
            ("topic", "2023/04/10 19:00", [
                "I have a 12-hour flight coming up. What do I need in my carry-on to survive?",
                "Noise-cancelling headphones, a refillable water bottle, a warm layer, snacks, "
                "chargers, and something to keep you entertained.",
                "and sleep?",
                "A good neck pillow and an eye mask make a big difference.",
            ]),
        ],
    },
    {
        "id": "hand_sp_03",
        "question": "heading to the coast this weekend, can you plan me a day trip?",
        "answer": "A land-based coastal day (cliff walks, rock pools, seafood, a lighthouse); no "
        "boat tours, ferries or whale watching, because the user gets badly seasick.",
        "asked": "2023/08/04 17:00",
        "sessions": [
            ("ans", "2023/05/19 21:10", [
                "*I get horribly seasick, so no ferries or boat tours for me, ever. Is there any "
                "way to fix that?",
                "Some people find ginger, acupressure bands or medication like meclizine help. "
                "But avoiding boats when it's that bad is totally valid.",
                "I'll just stay on land",
                "Land has plenty going for it!",
            ]),
            ("topic", "2023/07/02 13:30", [
                "what do people even do at the seaside besides swimming",
                "Coastal walks, rock-pooling, seafood shacks, lighthouses and sunsets. Some "
                "towns have great little museums too.",
                "rock pooling sounds fun",
                "Go at low tide and bring a bucket!",
            ]),
        ],
    },
    {
        "id": "hand_sp_04",
        "question": "can you give me a workout for my rest days?",
        "answer": "Low-impact cross-training with no jumping (the user's knees flare up with "
        "jumping while training for a half marathon): swimming, cycling, rowing, mobility.",
        "asked": "2023/06/06 07:00",
        "sessions": [
            ("ans", "2023/04/11 18:40", [
                "*I'm training for a half marathon and my knees are cranky, anything with "
                "jumping sets them off. What's the best way to cross-train?",
                "Swimming, cycling and rowing are all great low-impact options that build "
                "fitness without pounding your knees.",
                "I have a pool near me",
                "Perfect, even easy laps make a great recovery workout.",
            ]),
        ],
    },
    {
        "id": "hand_sp_05",
        "question": "got any podcast recs for me?",
        "answer": "Podcasts with short episodes, under 30 minutes (the user zones out on longer "
        "ones and listens on a ~25-minute walk).",
        "asked": "2023/04/18 12:20",
        "sessions": [
            ("ans", "2023/02/21 17:55", [
                "*I've realised I only finish podcasts with episodes under 30 minutes. Anything "
                "longer and I zone out.",
                "That's really common. Shorter shows fit neatly into walks or chores.",
                "exactly, my walk to the shop is about 25 min",
                "Then 20 to 30 minute episodes are your sweet spot.",
            ]),
        ],
    },
    {
        "id": "hand_sp_06",
        "question": "When's a good time to book my dental cleaning?",
        "answer": "Late afternoon or early evening, after about 3pm; not the morning, since the "
        "user works nights and sleeps roughly 8am to 3pm.",
        "asked": "2023/08/01 16:30",
        "sessions": [
            ("ans", "2023/06/08 07:45", [
                "*I work nights at the hospital so I'm asleep roughly 8am to 3pm. Any tips for "
                "blocking out daytime noise?",
                "Blackout curtains, a white noise machine, and do-not-disturb on your phone with "
                "emergency contacts allowed through.",
                "the bin lorry comes at 10am every Tuesday",
                "Earplugs on Tuesdays, then!",
            ]),
        ],
    },
    {
        "id": "hand_sp_07",
        "question": "I want to get into watercolour painting, what should I buy to start?",
        "answer": "A starter setup within the user's $50 hobby budget for the month: a "
        "student-grade pan set, two or three brushes and a pad of watercolour paper.",
        "asked": "2023/04/08 11:00",
        "sessions": [
            ("ans", "2023/03/27 20:50", [
                "*Money's tight this month, so I've set myself a hard limit of $50 for anything "
                "hobby-related. Feels very grown-up",
                "That's a smart boundary. A fixed hobby budget is easier to stick to than a "
                "vague intention.",
                "we'll see how long it lasts lol",
                "Tracking it in a note on your phone helps.",
            ]),
        ],
    },
    {
        "id": "hand_sp_08",
        "question": "my birthday weekend is coming up, ideas for what to do?",
        "answer": "Quiet, uncrowded, nature-based plans (a trail hike, an empty beach, a cabin); "
        "no festivals, busy bars or surprise parties, since crowds drain the user.",
        "asked": "2023/07/20 19:15",
        "sessions": [
            ("ans", "2023/05/25 21:40", [
                "*Honestly, crowded places drain me completely. Give me a quiet trail or an "
                "empty beach over a festival any day.",
                "That makes total sense; lots of people recharge best somewhere calm and green.",
                "my friends don't get it",
                "You can still see them, just suggest a hike instead of a bar sometimes.",
            ]),
            ("topic", "2023/06/30 18:20", [
                "is it weird to plan your own birthday",
                "Not at all! Planning it yourself means you get a day you actually enjoy.",
                "true, last year's surprise party was a nightmare",
                "Then definitely take the reins this year.",
            ]),
        ],
    },
    {
        "id": "hand_sp_09",
        "question": "what video editing software should I try? want to start a youtube channel",
        "answer": "Editors that run on Linux (the user uses Fedora only, no Windows or Mac): "
        "Kdenlive, Shotcut, DaVinci Resolve for Linux; not Final Cut or other Mac/Windows-only "
        "tools.",
        "asked": "2023/04/03 21:00",
        "sessions": [
            ("ans", "2023/02/09 22:15", [
                "*I'm on Linux exclusively, Fedora on both my desktop and laptop, no Windows or "
                "Mac in the house. How do I get Steam games running?",
                "Install Steam from Flathub or the Fedora repos, then turn on Proton in the "
                "settings. ProtonDB tells you how well each game runs.",
                "ProtonDB is great",
                "It's saved a lot of people from guesswork.",
            ]),
        ],
    },
]

SINGLE_SESSION_USER: list[dict] = [
    {
        "id": "hand_su_01",
        "question": "how old is my father?",
        "answer": "70",
        "asked": "2023/09/15 10:00",
        "sessions": [
            ("ans", "2023/06/12 20:10", [
                "*My dad turned 70 last weekend and we threw him a party at his favourite Greek "
                "taverna. He danced all night",
                "That sounds wonderful! What a way to celebrate a big milestone.",
                "he's already planning the next one",
                "Ha, I love that energy.",
            ]),
            ("topic", "2023/08/04 17:30", [
                "My dad wants to start lifting weights. Is it safe at his age?",
                "Strength training is great for older adults; it helps balance and bone density. "
                "A trainer or a beginners' class is a good way in.",
                "he's stubborn",
                "Maybe frame it as keeping up with the grandkids.",
            ]),
        ],
    },
    {
        "id": "hand_su_02",
        "question": "how heavy is my cat?",
        "answer": "5.2 kg",
        "asked": "2023/05/21 12:00",
        "sessions": [
            ("ans", "2023/04/13 18:05", [
                "*Vet visit went fine, Pepper weighs 5.2 kg which she said is right on the edge. "
                "She wants me to cut back on treats",
                "Small changes help: measure her food and swap some treats for play. Even a "
                "little loss makes a difference for cats.",
                "she will riot",
                "Puzzle feeders can keep her busy and make meals last longer.",
            ]),
            ("topic", "2023/05/02 21:20", [
                "Pepper has decided the sofa is her scratching post. Ideas?",
                "Put a tall, sturdy scratching post right next to the sofa, and cover her "
                "favourite spot with double-sided tape for a while.",
                "she ignores the post we have",
                "It might be too short or wobbly. Cats like one tall enough to stretch out fully.",
            ]),
        ],
    },
    {
        "id": "hand_su_03",
        "question": "which storey of the building is my apartment on?",
        "answer": "the fourth floor",
        "asked": "2023/04/25 19:00",
        "sessions": [
            ("ans", "2023/03/02 18:45", [
                "*My flat's on the fourth floor and there's no lift, so grocery shopping is a "
                "workout. Any tips for getting heavy bags up?",
                "A backpack for the heavy stuff and a folding trolley for the rest. Or get "
                "groceries delivered and let the driver do the stairs!",
                "delivery sounds amazing honestly",
                "Worth it for the big shops.",
            ]),
        ],
    },
    {
        "id": "hand_su_04",
        "question": "what did I major in at university?",
        "answer": "marine biology (at Dalhousie)",
        "asked": "2023/03/20 20:30",
        "sessions": [
            ("ans", "2023/01/28 15:10", [
                "*I studied marine biology at Dalhousie but ended up in marketing. Is it too "
                "late to go back to science?",
                "Not at all. Volunteering with a research group or taking a refresher course "
                "lets you test the waters before a bigger switch.",
                "I do miss the fieldwork",
                "Citizen science projects might scratch that itch in the meantime.",
            ]),
            ("topic", "2023/02/22 19:40", [
                "how do I explain a career change in a cover letter without it sounding like "
                "I'm running away from something",
                "Focus on what draws you to the new field and how your current skills transfer. "
                "Keep it positive and forward-looking.",
                "transferable skills like what",
                "Communication, project management, working with data: anything that applies in "
                "both worlds.",
            ]),
        ],
    },
    {
        "id": "hand_su_05",
        "question": "where's my sister based?",
        "answer": "Galway",
        "asked": "2023/07/30 14:20",
        "sessions": [
            ("ans", "2023/05/23 20:00", [
                "*My sister Aoife lives in Galway and I'm visiting her next month. What should "
                "we do there on a rainy day?",
                "Wander the Latin Quarter, warm up in a pub with live trad music, or visit the "
                "city museum. A day out to Connemara is lovely even in drizzle.",
                "live music sounds perfect",
                "Plenty of pubs there have sessions most nights.",
            ]),
        ],
    },
    {
        "id": "hand_su_06",
        "question": "do I react badly to any medications?",
        "answer": "Yes, penicillin (you broke out in hives as a kid)",
        "asked": "2023/04/01 10:30",
        "sessions": [
            ("ans", "2023/02/14 21:50", [
                "*I'm allergic to penicillin, I broke out in hives as a kid. Should I wear one of "
                "those medical bracelets?",
                "It's a good idea for a serious allergy. At the very least make sure it's on "
                "your records and in your phone's emergency info.",
                "didn't know the phone could do that",
                "Both iPhone and Android have a medical ID that shows on the lock screen.",
            ]),
            ("topic", "2023/03/10 09:20", [
                "I've had a cold for a week, when should I see a doctor?",
                "If it lasts more than ten days, you get a high fever, or you have trouble "
                "breathing, definitely see someone.",
                "just stuffy and tired",
                "Rest, fluids and a saline spray should help. It's probably on its way out.",
            ]),
        ],
    },
    {
        "id": "hand_su_07",
        "question": "where did we get married?",
        "answer": "at a vineyard in Sonoma",
        "asked": "2023/08/10 18:00",
        "sessions": [
            ("ans", "2023/06/15 19:30", [
                "*Our wedding was at a vineyard in Sonoma five years ago and we want to go back "
                "for the anniversary. Is late September a good time?",
                "Late September is harvest season: beautiful, but busy. Book somewhere to stay "
                "early.",
                "harvest sounds romantic",
                "It really is. Some wineries run harvest tours.",
            ]),
        ],
    },
]

TEMPORAL: list[dict] = [
    {
        "id": "hand_tr_01",
        "question": "how many weeks after getting the kitten did I start pottery?",
        "answer": "6 weeks (kitten adopted 4 March 2023, first pottery class 15 April 2023)",
        "asked": "2023/06/01 20:00",
        "sessions": [
            ("ans", "2023/03/04 15:30", [
                "*We adopted a kitten today!! Tiny grey thing, hides under the bed. What does she "
                "need the first week?",
                "A quiet room to start, a litter box, food and water away from the box, and a "
                "few toys. Let her explore at her own pace.",
                "she's eating though",
                "That's a great sign.",
            ]),
            ("ans", "2023/04/15 17:10", [
                "*First pottery class tonight! Any tips for total beginners on the wheel?",
                "Wear clothes you don't mind ruining, keep your nails short, and don't expect "
                "anything usable at first. Just enjoy the mud.",
                "haha noted",
                "Have fun!",
            ]),
        ],
    },
    {
        "id": "hand_tr_02",
        "question": "how long have I been at my current job?",
        "answer": "12 weeks (started on 11 September 2023)",
        "asked": "2023/12/04 09:00",
        "sessions": [
            ("ans", "2023/09/11 19:20", [
                "*Today was my first day at the new job and my brain is full. Is it normal to "
                "feel useless the first week?",
                "Completely normal, everyone feels that way at first. Focus on learning names "
                "and asking questions.",
                "so many acronyms",
                "Keep a running doc of them; your future self will thank you.",
            ]),
            ("topic", "2023/10/20 18:40", [
                "I'm finally starting to feel settled at work. How do I make a good impression "
                "at my first review?",
                "Keep a list of what you've delivered, ask your manager what success looks like "
                "for the next six months, and show what you've learned.",
                "ok good",
                "You've got this.",
            ]),
        ],
    },
    {
        "id": "hand_tr_03",
        "question": "which came first, buying my car or getting my licence? how far apart?",
        "answer": "Buying the car (a used VW Golf, 20 April 2023) came first, 12 days before "
        "passing the driving test (2 May 2023).",
        "asked": "2023/06/10 11:00",
        "sessions": [
            ("ans", "2023/04/20 18:00", [
                "*Picked up a used VW Golf today! My brother's going to drive it for me until I "
                "pass my test",
                "Exciting! Make sure the insurance covers your brother as a driver.",
                "already sorted",
                "Then enjoy the passenger seat for now.",
            ]),
            ("ans", "2023/05/02 12:30", [
                "*I passed my driving test this morning!!! First try!",
                "Congratulations! That's a huge achievement. Time to take the Golf out yourself.",
                "terrified and excited",
                "Start with short, familiar routes.",
            ]),
        ],
    },
    {
        "id": "hand_tr_04",
        "question": "how long ago did I do my first marathon?",
        "answer": "26 weeks, about six months ago (16 April 2023)",
        "asked": "2023/10/15 08:00",
        "sessions": [
            ("ans", "2023/04/16 16:45", [
                "*Finished my first marathon today, 4:12! Can barely walk",
                "Congratulations, that's massive! Gentle walking, lots of fluids and a good "
                "meal. Avoid stairs if you can, ha.",
                "the stairs are the enemy",
                "Walk down backwards, it's easier on the quads.",
            ]),
            ("topic", "2023/07/09 09:30", [
                "thinking about doing another marathon, how long should I rest after the last "
                "one?",
                "Most people take a few weeks of easy running before starting a new training "
                "block. Listen to your body.",
                "I feel ready",
                "Then a gradual 16-week plan could be a good next step.",
            ]),
        ],
    },
    {
        "id": "hand_tr_05",
        "question": "how long of a break did I get between leaving Redwood and starting the new "
        "job?",
        "answer": "10 days: last day at Redwood Analytics on 11 August 2023, first day at the "
        "new job on 21 August 2023",
        "asked": "2023/09/15 13:00",
        "sessions": [
            ("ans", "2023/08/10 17:25", [
                "*Tomorrow's my last day at Redwood Analytics. Weird feeling. What do I write in "
                "a goodbye email?",
                "Keep it short: thank your colleagues, mention something you'll miss, and leave "
                "your personal email or LinkedIn if you want to stay in touch.",
                "and not mention where I'm going?",
                "Totally up to you, either way is fine.",
            ]),
            ("ans", "2023/08/21 18:50", [
                "*First day at the new place was today. Nice to have had a bit of time off "
                "before this, I was getting lazy lol",
                "Welcome back to work life! Easing back in takes a few days.",
                "the coffee machine is better here",
                "The little things matter.",
            ]),
        ],
    },
]

# fmt: on

# ---------------------------------------------------------------------------------------------
# Assembly (no text is produced here: it only arranges the sessions written above).
# ---------------------------------------------------------------------------------------------

GROUPS: list[tuple[str | None, list[dict]]] = [
    ("knowledge-update", KNOWLEDGE_UPDATES),
    (None, ABSTENTIONS),  # each entry names the type it imitates
    ("multi-session", MULTI_SESSION),
    ("single-session-preference", PREFERENCES),
    ("single-session-user", SINGLE_SESSION_USER),
    ("temporal-reasoning", TEMPORAL),
]


def main() -> None:
    entries = hand_probes.build(GROUPS, FILLERS)
    hand_probes.write(entries, hand_probes.check(entries, FILLERS), OUT, strict=False)


if __name__ == "__main__":
    main()
