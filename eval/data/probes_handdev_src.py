"""Hand-written LongMemEval-format DEVELOPMENT probes: writes eval/data/probes_handdev.json.

A separate set from eval/data/probes_hand.json (the held-out check set): rules and constants
may be tuned on this one, never on that one. Its people, places, values, topics and question
wordings are all different from the check set's.

Every user and assistant line below was written by hand, one by one; nothing is templated or
combined at random. The script only assembles them: it gives each question its own haystack
(its answer sessions, its on-topic distractor sessions and 5-8 filler sessions picked by
rotating through FILLERS), dates the fillers between the question's own sessions and the
question date, and checks the result. Deterministic.

Run: python eval/data/probes_handdev_src.py  (from the repository root)

Assembly, checks and conventions ("*" marks an evidence turn; "ans" and "topic"
sessions): eval/hand_probes.py.
"""

from __future__ import annotations

from pathlib import Path

from eval import hand_probes

OUT = Path(__file__).with_name("probes_handdev.json")

# ---------------------------------------------------------------------------------------------
# Filler sessions: everyday topics, no personal facts any question asks about.
# ---------------------------------------------------------------------------------------------

FILLERS: list[list[str]] = [
    [
        "how do you tell if a watermelon is ripe without cutting it open",
        "Look for a creamy yellow patch on the underside where it sat on the ground, that's the "
        "field spot. It should feel heavy for its size and sound deep and hollow when you knock "
        "on it.",
        "mine sounds kind of dull?",
        "A dull thud can mean it's overripe or underripe, it's not a perfect test. Heaviness and "
        "a dark, matte rind are usually the more reliable signs.",
        "ok I'll just pick the heaviest one lol",
        "Honestly that's the strategy most greengrocers would back.",
    ],
    [
        "There's white crusty stuff all over the inside of my kettle. Gross?",
        "It's just limescale from hard water, harmless but it slows the kettle down. Fill it "
        "halfway with equal parts water and white vinegar, bring it to the boil, and let it sit "
        "for an hour.",
        "won't my tea taste like vinegar after",
        "Rinse it well and boil a couple of kettles of fresh water and pour them away. Citric "
        "acid works too and smells a lot nicer, if you can find it in the cleaning aisle.",
    ],
    [
        "I got a cast iron skillet as a gift and I'm scared of ruining it",
        "They're tougher than they look. Wash it with hot water and a little soap if needed, dry "
        "it completely on the hob, then rub in a very thin layer of oil while it's warm.",
        "someone told me never ever use soap",
        "That advice dates from when soaps had lye in them. Modern washing-up liquid won't strip "
        "a decent seasoning. Just never leave it soaking in the sink.",
        "what if it rusts",
        "Scrub the rust off with steel wool, wash, dry, oil and bake it upside down in a hot oven "
        "for an hour. Good as new.",
    ],
    [
        "the screw head on my wardrobe hinge is completely stripped, the screwdriver just spins",
        "Try pressing a wide rubber band between the screwdriver and the screw head, it often "
        "gives enough grip. Push down hard and turn slowly.",
        "didn't work, it's really chewed",
        "Next step is a screw extractor bit, they're cheap at hardware shops. Or if the head "
        "sticks up a bit, grab it with locking pliers and twist it out.",
        "pliers worked!!",
        "Nice. Use a new screw with the same thread, and make sure the screwdriver bit actually "
        "fits the head snugly this time.",
    ],
    [
        "crossword help: 'Bird that sounds like it's swallowing' 7 letters, second letter W",
        "SWALLOW itself fits: S-W-A-L-L-O-W, seven letters with W second. Setters love that kind "
        "of double meaning.",
        "omg of course. ok another one, 'Cheese made backwards from a wooden tool' 4 letters",
        "Try EDAM: spelled backwards it's MADE, and the clue's hinting at a reversal. Check it "
        "against your crossing letters.",
        "it fits!",
        "Happy solving. Reversal clues get easier once you start spotting words like 'backwards' "
        "or 'returning'.",
    ],
    [
        "can you write me a haiku about the first cold morning of autumn",
        "Breath hangs in the air / the kettle sings before dawn / leaves let go, one by one",
        "aw that's nice. one about a cat ignoring me?",
        "Sunbeam on the rug / I call your name, ears flicker / nothing else moves, not once",
        "too accurate",
        "Cats are excellent haiku subjects, they give you so much indifference to work with.",
    ],
    [
        "I've had hiccups for 20 minutes, make it stop",
        "Try holding your breath for about ten seconds and swallowing a few times, or sip a glass "
        "of cold water slowly. Some people swear by a teaspoon of sugar on the tongue.",
        "the sugar thing actually worked??",
        "It's thought to stimulate the nerve involved in the hiccup reflex. Either way, glad it "
        "stopped. If hiccups ever last more than a couple of days, that's a doctor thing.",
    ],
    [
        "two of my necklaces are knotted together into one horrible ball",
        "Lay the tangle on a flat surface and put a drop of baby oil or olive oil on the knot. "
        "Then use two pins to gently tease the loops apart, working from the outside in.",
        "this is going to take all night",
        "Be patient with it, pulling makes it tighter. A little cornflour on the chain can help "
        "too if you don't want oil on it.",
        "got one free!",
        "The second usually goes faster. Store them hanging or in straws afterwards so it doesn't "
        "happen again.",
    ],
    [
        "There's a line of tiny ants marching across my kitchen counter",
        "Wipe their trail with a mix of water and vinegar, which removes the scent they follow. "
        "Then find where they're getting in and seal the gap.",
        "they seem to be coming from behind the kettle",
        "Check for a crack in the grout or the gap behind the worktop. Keep sugary things sealed "
        "for a while and bait stations near the entry point will deal with the nest.",
        "ugh, ok",
        "They usually vanish within a week once the food source is gone.",
    ],
    [
        "my glasses fog up every single time I walk into a warm shop from outside",
        "That's warm humid air hitting cold lenses. An anti-fog spray or wipe helps a lot, and a "
        "tiny drop of washing-up liquid rubbed on and buffed off works in a pinch.",
        "washing up liquid on my lenses? are you sure",
        "A very thin film, polished until it's clear, leaves a layer that stops droplets forming. "
        "Test it on an old pair first if you're nervous about your coatings.",
    ],
    [
        "How on earth do you fold a fitted sheet",
        "Put your hands in two corners, tuck one corner inside the other, then do the same with "
        "the other two. Lay it flat, fold the edges in to make a rectangle, and fold it up.",
        "I got as far as the corners and then it became a blob",
        "That's where everyone loses it. Try doing it on the bed instead of in the air, it makes "
        "the flattening step much easier.",
        "ok that's better. not pretty but better",
        "Not pretty is the standard for fitted sheets, honestly.",
    ],
    [
        "got a bit sunburnt on my shoulders at the park, what helps",
        "Cool showers, a fragrance-free moisturiser or aloe gel, and drink plenty of water. Wear "
        "loose soft clothes over it for a day or two.",
        "it's kind of hot to the touch",
        "A cool damp cloth for ten minutes at a time will help. If you get blisters, a fever or "
        "feel unwell, see a pharmacist or doctor.",
        "noted, no blisters",
        "Good. Keep it out of the sun until it's healed, it burns again much more easily.",
    ],
    [
        "my freezer has turned into an ice cave and the door barely shuts",
        "Time to defrost it. Empty it into a cool box, switch it off, and put towels on the "
        "floor. Bowls of hot water on the shelves with the door shut speed it up a lot.",
        "can I chip at it with a knife",
        "Please don't, it's easy to puncture the cooling pipes. A plastic spatula is fine for "
        "chunks that are already loose.",
        "how long does it take",
        "With hot water bowls, usually an hour or two. Dry it fully before you switch it back on.",
    ],
    [
        "What's the easiest knot for tying something to a post that won't slip",
        "A bowline is the classic: it makes a fixed loop that won't tighten or slip, and it's "
        "easy to untie afterwards.",
        "walk me through it like I'm 5",
        "Make a small loop in the rope. The end is a rabbit: it comes up out of the hole (the "
        "loop), goes around the tree (the long part), and goes back down the hole. Pull tight.",
        "the rabbit thing actually helped",
        "Works every time. Practise it a few times with a shoelace and it sticks.",
    ],
    [
        "I want to learn to juggle, where do I start",
        "Start with one ball: toss it from hand to hand in an arc at about eye height. Once "
        "that's smooth, use two, throwing the second when the first peaks.",
        "I keep throwing them forward and chasing them",
        "Very common. Stand facing a wall or a bed so the balls drop in front of you instead of "
        "rolling away.",
        "three balls feels impossible",
        "It clicks suddenly for most people after a week or two of ten minutes a day. Use "
        "beanbags, they don't bounce away.",
    ],
    [
        "my trainers smell so bad my flatmate complained",
        "Take out the insoles and wash them, sprinkle bicarbonate of soda inside the shoes "
        "overnight, and let them dry somewhere airy. Rotating two pairs helps a lot.",
        "can they go in the washing machine",
        "Many can, in a pillowcase on a cool gentle wash, then air dried, never on a radiator. "
        "Check the label, some glues don't like it.",
        "in they go",
        "Stuff them with newspaper while they dry to keep the shape.",
    ],
    [
        "need an out of office message that doesn't sound robotic",
        "Try: 'Hi, thanks for your email. I'm away until Monday the 14th with limited access. For "
        "anything urgent, please contact Ana at ana@example.com. I'll reply when I'm back.'",
        "can I make it a bit friendlier",
        "'Hi! I'm off recharging until Monday the 14th. If it can't wait, Ana has you covered at "
        "ana@example.com. Otherwise I'll get back to you soon after I return.'",
        "perfect",
        "Remember to set an end date so it switches itself off.",
    ],
    [
        "If it's 9am in New York what time is it in Sydney? scheduling a call",
        "It depends on the time of year because of daylight saving in both places, but it's "
        "usually 11pm or midnight the same day in Sydney, or 1am the next day at certain times of "
        "year.",
        "that's awful for both of us",
        "Early evening in New York is often the sweet spot, since that's the next morning in "
        "Sydney.",
        "6pm it is",
        "Put both time zones in the invite so nobody gets it wrong.",
    ],
    [
        "all my kitchen knives are blunt, is a pull-through sharpener ok",
        "They're quick and better than nothing, but they take off quite a lot of metal. A "
        "whetstone gives a better edge if you're willing to learn.",
        "a whetstone sounds intimidating",
        "Keep a steady angle of about 15 to 20 degrees and do smooth strokes, it's mostly "
        "patience. A honing steel between sharpenings keeps the edge straight.",
        "what's the difference",
        "Honing realigns the edge, sharpening actually grinds a new one. You hone often and "
        "sharpen now and then.",
    ],
    [
        "How do I get sticky label gunk off a glass jar",
        "Soak it in hot soapy water for 10 minutes and peel. For what's left, rub on a mix of "
        "cooking oil and bicarbonate of soda, wait a few minutes and scrub.",
        "oil to remove glue? weird",
        "Oil breaks down the sticky adhesive. Wash it after with washing-up liquid and it comes "
        "off clean.",
        "worked great, now I have like 10 empty jars",
        "Perfect for spices, buttons or overnight oats.",
    ],
    [
        "bought tulips yesterday and they're already drooping, help",
        "Tulips are thirsty and keep growing in the vase. Recut the stems at an angle, use cold "
        "water, and wrap them in paper upright for an hour to straighten them.",
        "they keep bending towards the window",
        "They follow the light. Turn the vase every day and keep them away from the fruit bowl, "
        "ripening fruit makes flowers fade faster.",
        "the fruit thing is news to me",
        "Ethylene gas from fruit, especially bananas, speeds up ageing in cut flowers.",
    ],
    [
        "teach me a simple chess opening, I always lose in like 10 moves",
        "Try the Italian Game: e4, then knight to f3, then bishop to c4. It develops pieces fast "
        "and aims at the weak f7 square. Castle early.",
        "what if they attack my bishop",
        "Keep calm and develop the rest. Beginners often lose by moving the same piece repeatedly "
        "or grabbing pawns while their king is exposed.",
        "I do the pawn grabbing thing a lot",
        "Before each move ask: what is my opponent threatening? That one habit stops most quick "
        "losses.",
    ],
    [
        "can't open a jar of pickles, I've tried everything",
        "Run the lid under hot water for 30 seconds so the metal expands, then try again with a "
        "rubber glove or a tea towel for grip.",
        "still stuck",
        "Tap around the edge of the lid firmly with a wooden spoon to break the seal, or slide a "
        "spoon handle under the lid edge to let air in.",
        "the spoon handle did it, it popped",
        "That pop is the vacuum releasing. Enjoy the pickles.",
    ],
    [
        "my phone says storage full and it's basically all photos",
        "Back them up to a cloud service or your computer, then delete the local copies. Most "
        "photo apps have an 'optimise storage' setting that keeps small versions on the phone.",
        "I have like 3000 screenshots",
        "Search for screenshots in your photo app and bulk-delete them, that's usually the "
        "quickest win. Old videos are the other big space hog.",
        "deleted 2000 of them, feels amazing",
        "Digital decluttering is weirdly satisfying. Check your messaging apps too, they store "
        "every meme you've been sent.",
    ],
    [
        "Give me a good riddle for a kids' party",
        "What has keys but can't open locks? A piano. Or: what gets wetter the more it dries? A "
        "towel.",
        "they'll get those, something harder",
        "The more of this there is, the less you see. What is it? Darkness.",
        "ooh good one",
        "Follow it with 'what can you catch but not throw?' A cold. Kids love the groan.",
    ],
]

# ---------------------------------------------------------------------------------------------
# Questions. Each: id, type, question, answer, asked (question date), sessions as
# (kind, date, lines); knowledge updates also "old" (superseded values, oldest first);
# abstentions may list "absent": strings that must appear nowhere in their haystack.
# ---------------------------------------------------------------------------------------------

# fmt: off
KNOWLEDGE_UPDATES: list[dict] = [
    {
        "id": "dev_ku_01",
        "question": "which bank am I with?",
        "answer": "Monzo",
        "old": ["Halvorsen Credit Union"],
        "asked": "2024/06/18 19:05",
        "sessions": [
            ("ans", "2024/01/09 12:30", [
                "*ugh, Halvorsen Credit Union charged me a 12 pound fee for going 3p overdrawn. "
                "can they even do that",
                "Sadly they usually can if it's in the account terms, but it's worth asking. Call "
                "them, say it was a one-off and politely ask for the fee back; a first one often "
                "gets waived.",
                "worth a shot i guess",
                "Keep it friendly and mention how long you've been a customer. That tends to help.",
            ]),
            ("topic", "2024/03/02 10:15", [
                "my sister keeps telling me to move to Starling, she says the app is miles better",
                "Plenty of people like the app-based banks for instant notifications and savings "
                "pots. Compare the overdraft terms and check they offer what you need, like a "
                "joint account.",
                "i'll think about it, switching sounds like such a faff",
                "In the UK the Current Account Switch Service moves your direct debits and "
                "payments across for you in seven working days, so it's less work than it sounds.",
            ]),
            ("ans", "2024/05/20 21:40", [
                "can you help me set up a simple monthly budget? take-home is about 2,300",
                "Sure. A common starting point is 50/30/20: around 1,150 for needs, 690 for wants "
                "and 460 for savings or debt. Want me to break the needs part down?",
                "*yes. oh and i moved my salary over to Monzo last month so i can use the pots "
                "thing for it",
                "Nice, pots make this easy. Try one each for rent and bills, groceries and "
                "savings, and let the rest sit in the main balance for day-to-day spending.",
            ]),
        ],
    },
    {
        "id": "dev_ku_02",
        "question": "what streaming service am I paying for at the moment?",
        "answer": "Mubi",
        "old": ["Netflix", "Disney+"],
        "asked": "2024/09/03 20:00",
        "sessions": [
            ("ans", "2024/01/21 19:10", [
                "*what should I watch on Netflix tonight, something light, I've had a day",
                "For something light, try a comfort sitcom or a feel-good cooking competition. A "
                "series with short episodes is easy to dip in and out of after a long day.",
                "sitcom sounds right",
                "Pick one you can stop whenever you like. Enjoy the evening!",
            ]),
            ("ans", "2024/04/06 14:25", [
                "the kids are off school for two weeks and I'm running out of ideas",
                "Mix it up: one outing a day, like a park or the library, and a quiet afternoon "
                "activity such as baking or building a den. Screen time at the end of the day as "
                "a reward works for a lot of families.",
                "*speaking of screen time, I cancelled the Netflix sub after the price went up "
                "again and got Disney+ instead, the kids are obsessed with Bluey",
                "Bluey is a parent favourite too, so that's not a bad trade. You could make an "
                "episode the reward for tidying up.",
            ]),
            ("topic", "2024/06/14 22:00", [
                "my mate keeps saying I should try the Criterion Channel, is it worth it?",
                "If you love older and international films it's a treasure trove, with lots of "
                "extras and curated collections. If you mostly watch new releases it might feel a "
                "bit niche.",
                "not sure, maybe one day",
                "They sometimes run a free trial, so you could test it for a week before deciding.",
            ]),
            ("ans", "2024/08/11 21:15", [
                "*the kids got bored of Disney+ so that's gone, and honestly it's just Mubi for "
                "me now. one film a day, very cultured of me lol",
                "Very cultured indeed. A one-film-a-day rotation is a nice way to discover things "
                "you'd never pick yourself.",
                "last night's was a 3 hour Hungarian thing and I slept through half",
                "That counts as an authentic arthouse experience. Maybe save the long ones for "
                "weekends.",
            ]),
        ],
    },
    {
        "id": "dev_ku_03",
        "question": "What instrument am I practising these days?",
        "answer": "bass guitar",
        "old": ["trumpet"],
        "asked": "2024/07/09 18:30",
        "sessions": [
            ("ans", "2024/02/12 19:45", [
                "*my lips go numb after like 15 minutes of trumpet practice, is that normal??",
                "Quite normal early on; the muscles around your mouth are still building "
                "endurance. Rest as much as you play, take short breaks every few minutes, and "
                "don't press the mouthpiece hard against your lips.",
                "i def press too hard",
                "Try holding a long note while easing off the pressure until it barely holds. It "
                "feels weak at first, but the tone usually gets better.",
            ]),
            ("topic", "2024/04/01 20:10", [
                "thinking of joining a community orchestra thing but I'm scared I'm not good "
                "enough",
                "Community groups are usually very welcoming to all levels, and many have a "
                "beginners' section. Ask if you can sit in on a rehearsal first.",
                "they rehearse on wednesdays which is my yoga night",
                "Check whether there's a second group on another evening, or ask if they're "
                "relaxed about the odd missed rehearsal.",
            ]),
            ("ans", "2024/06/02 16:00", [
                "*ok so plot twist, I sold the brass thing to a kid down the road (neighbours are "
                "thrilled) and bought a secondhand bass guitar. four strings, how hard can it be",
                "Welcome to the low end! Start by plucking with two fingers alternately and learn "
                "the notes on the E and A strings first; a lot of songs live there.",
                "my fingertips are already dying",
                "That's normal for the first couple of weeks until calluses form. Short, frequent "
                "sessions are kinder than one long one.",
            ]),
        ],
    },
    {
        "id": "dev_ku_04",
        "question": "what bike do I ride?",
        "answer": "Trek FX 3",
        "old": ["Brompton"],
        "asked": "2024/10/02 08:20",
        "sessions": [
            ("ans", "2024/03/11 07:50", [
                "*the gears on my Brompton keep slipping on the hill up to work, any idea why",
                "Slipping usually means the gear cable has stretched or the hub's indicator chain "
                "needs adjusting. Try the barrel adjuster a quarter turn at a time; if it keeps "
                "happening, a bike shop can sort it quickly.",
                "what's a barrel adjuster lol",
                "It's the little ridged knob where the cable meets the shifter or the hub. "
                "Turning it changes the cable tension slightly.",
            ]),
            ("topic", "2024/05/18 13:30", [
                "my friend Joss just bought an e-bike and won't shut up about it",
                "Converts are always enthusiastic! E-bikes are great for hills and longer "
                "commutes, though they're heavy and pricey.",
                "i'm tempted but they're like 2k",
                "Some employers offer cycle-to-work schemes that spread the cost and save tax, so "
                "check that before ruling it out.",
            ]),
            ("ans", "2024/08/25 18:40", [
                "*took the new Trek FX 3 out along the canal today, 30 km and my bum survived. "
                "the folding one never felt this fast",
                "That's a lovely ride! A hybrid with full-size wheels is far more efficient over "
                "distance. Think about padded shorts if you're going further.",
                "yes padded shorts. what about tyre pressure",
                "Check the range printed on the tyre sidewall; the middle of it is a good start "
                "for towpaths, a bit lower if it's gravelly.",
            ]),
        ],
    },
    {
        "id": "dev_ku_05",
        "question": "which part of Manchester do I live in rn?",
        "answer": "Chorlton",
        "old": ["Levenshulme", "Ancoats"],
        "asked": "2024/11/14 19:00",
        "sessions": [
            ("ans", "2024/01/05 11:00", [
                "*what's a good way to meet people in Levenshulme? been here 6 months and I know "
                "nobody",
                "Local markets, a community garden, a running club or a pub quiz are all good "
                "ways in. Going to the same thing every week matters more than what it is.",
                "there's a market on saturdays",
                "Perfect. Become a regular at one or two stalls; chatting to the same faces each "
                "week is how acquaintances start.",
            ]),
            ("ans", "2024/04/22 20:30", [
                "*the flat in Ancoats is tiny but I can walk to everything. the noise from the "
                "bars on fridays though",
                "City-centre trade-offs! Good earplugs or a white noise machine help a lot, and "
                "heavy curtains dampen street noise too.",
                "earplugs it is",
                "Foam ones are cheap and work well; try a couple of sizes to find a comfy fit.",
            ]),
            ("topic", "2024/07/30 19:20", [
                "been looking at flats in Didsbury, leafy and nice but the rents are mad",
                "It's a popular area, so prices reflect that. You could look at the edges of the "
                "neighbourhood or ask agents about upcoming lets before they're advertised.",
                "might just stay put tbh",
                "That's a reasonable call too, especially if where you are works for you.",
            ]),
            ("ans", "2024/10/06 17:45", [
                "*ever since we moved to Chorlton I actually cook again, the kitchen's massive. "
                "what's a good big-batch recipe?",
                "Congrats on the bigger kitchen! A big pot of chilli, a lentil ragu or a tray of "
                "baked pasta all freeze well. Portion them into tubs for the week.",
                "chilli. always chilli",
                "Make double and freeze half; it's even better a few days later.",
            ]),
        ],
    },
    {
        "id": "dev_ku_06",
        "question": "which pharmacy do I use for my prescriptions?",
        "answer": "MedPlus",
        "old": ["Greenleaf Pharmacy"],
        "asked": "2024/05/27 10:10",
        "sessions": [
            ("ans", "2024/01/30 15:20", [
                "*Greenleaf Pharmacy says my inhaler prescription won't be ready till thursday, "
                "can I get the GP to speed it up",
                "You can call the surgery to check it was sent, but pharmacies are often waiting "
                "on stock from the wholesaler. Ask the pharmacist whether they can order it "
                "urgently or whether another branch has it.",
                "ok, I've got like one puff left in the old one",
                "If you're running out, tell the pharmacist; they can sometimes give an emergency "
                "supply of an inhaler while you wait.",
            ]),
            ("ans", "2024/04/14 09:00", [
                "*I've started collecting my meds from the MedPlus by the station instead, they "
                "text when it's ready and there's never a queue",
                "That sounds much smoother. Some pharmacies also offer repeat-prescription "
                "reminders so you don't run low.",
                "oh they do that too apparently",
                "Great, sign up for it and you won't be down to your last puff again.",
            ]),
            ("topic", "2024/05/02 18:00", [
                "my mum wants to move her prescriptions to an online pharmacy, is that safe?",
                "Generally yes, as long as it's a registered pharmacy. Check for the registration "
                "logo and that it asks for a proper prescription.",
                "she's 78, I'm worried she won't manage the app",
                "Many let you order by phone too, and you can set up repeat deliveries so she "
                "doesn't have to do anything each month.",
            ]),
        ],
    },
    {
        "id": "dev_ku_07",
        "question": "who's my therapist currently?",
        "answer": "Saoirse",
        "old": ["Dr. Feldman"],
        "asked": "2024/08/20 21:00",
        "sessions": [
            ("ans", "2024/02/04 20:40", [
                "*therapy with Dr. Feldman today was rough. she asked about my dad and I just "
                "froze",
                "That sounds really hard. Freezing is a common response when something painful "
                "comes up; it doesn't mean the session went wrong. Be gentle with yourself "
                "tonight.",
                "I felt like I wasted the hour",
                "It's rarely wasted. Noticing what makes you freeze is useful, and you can tell "
                "her next time that it felt stuck.",
            ]),
            ("topic", "2024/04/19 19:00", [
                "is it weird to switch therapists if you don't click with one?",
                "Not weird at all. The fit between you and a therapist is one of the biggest "
                "factors in whether therapy helps. It's fine to say so and look elsewhere.",
                "I feel guilty though",
                "That's understandable, but therapists expect it. A good one will even help you "
                "find someone better suited.",
            ]),
            ("ans", "2024/07/08 22:10", [
                "*had my third session with Saoirse tonight. she's so much less clinical, I "
                "actually talked about dad without crying",
                "That's a real breakthrough, and it sounds like the new fit is working. How are "
                "you feeling after it?",
                "drained but lighter",
                "That's often how it feels after good work. Get some rest and maybe jot down what "
                "came up while it's fresh.",
            ]),
        ],
    },
    {
        "id": "dev_ku_08",
        "question": "who's my landlord?",
        "answer": "Brightside Lettings",
        "old": ["Trevor"],
        "asked": "2024/09/25 12:00",
        "sessions": [
            ("ans", "2024/02/19 18:25", [
                "*my landlord Trevor still hasn't fixed the leaking tap, it's been 5 weeks",
                "Put the request in writing, by email or text, with the date and a photo, and "
                "give a reasonable deadline. That creates a record if you ever need to escalate "
                "to the council.",
                "he always says he'll 'pop round'",
                "Keep it polite but specific, something like 'Please can you arrange the repair "
                "by Friday.' A written trail is your best friend.",
            ]),
            ("ans", "2024/06/27 20:00", [
                "the heating's been making clanking noises at night",
                "Clanking can be air in the system or pipes expanding as they heat up. Bleeding "
                "the radiators often helps; if it doesn't, getting it checked is the landlord's "
                "job.",
                "*well the old guy sold the building in may, now it's Brightside Lettings "
                "handling everything. they have a portal lol",
                "A portal is actually handy: log the heating issue there so it's timestamped, and "
                "keep screenshots.",
            ]),
            ("topic", "2024/08/03 16:40", [
                "my friend's landlord just put her rent up by 15%, can they even do that?",
                "It depends on the tenancy and where she lives. In many places an increase needs "
                "proper notice and can be challenged if it's well above the going rate. She "
                "should check her contract and local tenant rules.",
                "she's in Bristol",
                "Then she can look up the official guidance on rent increases in England and, if "
                "it seems unfair, apply to the tribunal.",
            ]),
        ],
    },
    {
        "id": "dev_ku_09",
        "question": "what series am I in the middle of?",
        "answer": "Shogun",
        "old": ["Severance", "Slow Horses"],
        "asked": "2024/10/20 21:30",
        "sessions": [
            ("ans", "2024/02/26 23:10", [
                "*finally caught up on Severance, that finale?? I need to talk about it with "
                "someone",
                "It's a great one for theories! What did you make of the ending, are you more "
                "hooked on the characters or on the company's mystery?",
                "the company. what is it even FOR",
                "That's the big question the show keeps dangling. Watch the small details in the "
                "office scenes; the writers love hiding hints in the background.",
            ]),
            ("ans", "2024/05/13 21:50", [
                "*started Slow Horses on my sister's recommendation. Gary Oldman being disgusting "
                "is my new favourite thing",
                "He's wonderful in it, the shabby spy boss role suits him perfectly. The seasons "
                "are short, so it's easy to binge.",
                "six episodes a season? that's nothing",
                "Exactly, dangerously easy to finish in a weekend.",
            ]),
            ("topic", "2024/08/02 20:00", [
                "my partner wants us to start The Bear together but I heard it's really stressful",
                "It can be intense, lots of shouting in kitchens and anxiety, but plenty of "
                "people find it rewarding. Try the first two episodes and see how you feel.",
                "maybe after I finish what I'm on",
                "Sounds like a plan, no need to juggle two shows.",
            ]),
            ("ans", "2024/09/29 22:30", [
                "*ok I abandoned slow horses halfway through s3 (sorry sis), Shogun has "
                "completely taken over my evenings",
                "It's gorgeous to watch, the costumes and landscapes alone are worth it. Are you "
                "watching with subtitles?",
                "yes, all the japanese dialogue is subtitled anyway",
                "Good way to watch it, the performances come through much better.",
            ]),
        ],
    },
    {
        "id": "dev_ku_10",
        "question": "what's my moisturiser?",
        "answer": "Toleriane",
        "old": ["CeraVe"],
        "asked": "2024/07/22 08:00",
        "sessions": [
            ("ans", "2024/02/08 22:00", [
                "*my CeraVe moisturiser is suddenly making my cheeks sting, is that an allergy?",
                "Stinging is often irritation rather than a true allergy, especially if your skin "
                "barrier is damaged from cold weather or harsh cleansers. Stop using it for a few "
                "days and see if it calms down.",
                "i've also been using a retinol",
                "That's likely a big part of it. Retinol can make skin sensitive; try it only two "
                "or three nights a week and buffer it with moisturiser.",
            ]),
            ("topic", "2024/03/25 12:00", [
                "is SPF really necessary in winter? it's always grey here",
                "Yes, UVA gets through clouds and windows, and it's behind a lot of skin ageing. "
                "A light SPF 30 every morning is a good year-round habit.",
                "it makes me look greasy",
                "Look for gel or fluid textures labelled matte or for oily skin; they sink in "
                "without the shine.",
            ]),
            ("ans", "2024/06/16 09:30", [
                "*saw a dermatologist finally and she had me swap to the La Roche-Posay Toleriane "
                "cream. no more red patches after 3 weeks!!",
                "That's great progress! Keeping the routine simple while your skin recovers is "
                "usually the best approach.",
                "she said no retinol for a month too",
                "Sensible. Give your skin barrier time to rebuild before you bring it back slowly.",
            ]),
        ],
    },
    {
        "id": "dev_ku_11",
        "question": "which band have I had on repeat lately?",
        "answer": "Khruangbin",
        "old": ["Fleetwood Mac"],
        "asked": "2024/06/30 17:00",
        "sessions": [
            ("ans", "2024/01/14 13:00", [
                "*I've listened to Rumours like 40 times this month. Fleetwood Mac just hits "
                "different in winter",
                "It's a perfect album for that: warm harmonies, heartbreak and great songwriting. "
                "Have you gone beyond Rumours into Tusk or Tango in the Night?",
                "no! which one first",
                "Tango in the Night if you want polish, Tusk if you want something stranger and "
                "more sprawling.",
            ]),
            ("topic", "2024/03/17 19:30", [
                "my cousin is dragging me to a metal festival in august, I'm going to die",
                "You might be surprised! Bring earplugs, comfy boots and an open mind. Festivals "
                "have plenty going on besides the mosh pit.",
                "she's obsessed with Gojira",
                "They're heavy but surprisingly melodic live, so it could be more fun than you "
                "think.",
            ]),
            ("ans", "2024/05/26 16:10", [
                "*my listening stats would be embarrassing rn, it's basically all Khruangbin "
                "since april. that bassline on everything!!",
                "Their grooves are so addictive, psychedelic and laid-back and really easy to put "
                "on repeat. Have you heard the collaborations with Leon Bridges?",
                "yessss Texas Sun",
                "Great pick. Perfect summer driving music.",
            ]),
        ],
    },
    {
        "id": "dev_ku_12",
        "question": "how many houseplants do I have?",
        "answer": "fourteen",
        "old": ["eleven"],
        "asked": "2024/04/29 18:00",
        "sessions": [
            ("ans", "2024/01/18 17:30", [
                "*I have eleven houseplants and they all look sad this winter. too dark?",
                "Probably a mix of low light and dry air from the heating. Move the sun-lovers "
                "closer to the brightest window, water less than in summer, and group them "
                "together to raise the humidity.",
                "should I get a grow light",
                "A simple LED grow light on a timer for 10 to 12 hours a day can really perk up "
                "plants in a dark room.",
            ]),
            ("topic", "2024/02/27 20:00", [
                "my flatmate's monstera is taking over the living room",
                "Monsteras grow fast when they're happy! You can prune it, cut just below a node, "
                "and even root the cuttings in water.",
                "she'd kill me",
                "Maybe suggest a moss pole instead: it trains the plant to grow up rather than "
                "out.",
            ]),
            ("ans", "2024/04/07 15:45", [
                "*went to the plant swap at the library and came home with three more, so it's "
                "fourteen now. my windowsills are full",
                "Plant swaps are dangerous! Time for some shelf brackets or a hanging planter to "
                "free up the sills.",
                "hanging ones are cute",
                "They are, just remember hanging plants dry out faster, so check them more often.",
            ]),
        ],
    },
    {
        "id": "dev_ku_13",
        "question": "what am I saving up for these days?",
        "answer": "house deposit",
        "old": ["trip to Japan"],
        "asked": "2024/08/08 19:40",
        "sessions": [
            ("ans", "2024/01/26 21:00", [
                "*I'm putting 200 a month aside for a trip to Japan next spring. is that "
                "realistic?",
                "It can be, depending on how long you go and how you like to travel. Flights and "
                "accommodation are the big costs, and a rail pass helps if you're moving around. "
                "Want a rough budget?",
                "yes pls, 2 weeks",
                "Roughly: flights, then budget hotels or hostels per night, food, transport and "
                "some spending money. Cherry blossom season is pricier and books up early, so "
                "watch for deals now.",
            ]),
            ("topic", "2024/04/11 18:00", [
                "my friend just bought a flat and I'm so jealous",
                "That's a huge milestone for them! Feeling jealous is normal, it can be a sign of "
                "what you want for yourself.",
                "idk if I'll ever manage it",
                "It can feel far off, but small steps like looking up schemes for first-time "
                "buyers can make it feel more real.",
            ]),
            ("ans", "2024/07/04 20:20", [
                "*so Japan's on hold. every spare penny is going into a house deposit now, me and "
                "Sam want to buy by 2026",
                "That's a big, exciting goal. A Lifetime ISA or a similar first-time buyer "
                "account could add a bonus to your savings if you're eligible.",
                "what's a lifetime isa",
                "It's a UK savings account for a first home: you can put in up to 4,000 a year "
                "and the government adds 25%, as long as the property is under the price cap.",
            ]),
        ],
    },
    {
        "id": "dev_ku_14",
        "question": "where do I volunteer?",
        "answer": "St. Brigid's",
        "old": ["Hollybank Animal Shelter"],
        "asked": "2024/12/02 18:00",
        "sessions": [
            ("ans", "2024/03/03 14:00", [
                "*did my first shift at Hollybank Animal Shelter today, walked 6 dogs and got "
                "covered in mud",
                "What a great way to spend a Sunday! Muddy but rewarding. How did you find it?",
                "one of them, a greyhound, wouldn't leave my side",
                "Greyhounds are such gentle souls. Careful, that's how people end up adopting!",
            ]),
            ("topic", "2024/06/09 11:00", [
                "my allergies have gotten way worse around dogs lately, is that possible?",
                "Yes, allergies can develop or get stronger in adulthood, especially with "
                "repeated exposure. An antihistamine may help, and a GP can arrange allergy "
                "testing.",
                "that's bad news for my weekends",
                "Maybe talk to the coordinator about roles with less direct contact while you "
                "figure it out.",
            ]),
            ("ans", "2024/10/13 17:30", [
                "*switched to sorting donations at St. Brigid's hospice shop on sundays. less "
                "sneezing, more weird old vases",
                "Sounds like a good fit, and charity shops always need people. Found any "
                "treasures yet?",
                "a lamp shaped like a duck. I bought it",
                "Honestly, that's what charity shops are for.",
            ]),
        ],
    },
    {
        "id": "dev_ku_15",
        "question": "which school does my son go to?",
        "answer": "Oakfield Academy",
        "old": ["Maple Grove Primary"],
        "asked": "2024/10/28 08:30",
        "sessions": [
            ("ans", "2024/03/04 20:00", [
                "*Maple Grove Primary wants every kid dressed as a book character on thursday and "
                "I have nothing",
                "Simple wins: a striped top and glasses for Where's Wally, pyjamas and a torch "
                "for a bedtime story, or a paper crown for any king or queen.",
                "he loves Horrid Henry",
                "Easy then: a stripy jumper, messy hair and a mischievous grin. Done in five "
                "minutes.",
            ]),
            ("topic", "2024/05/21 19:15", [
                "we went to an open evening at a secondary school and now I'm more confused than "
                "before",
                "That's common, every school shows itself off well. Think about what matters most "
                "to your son: the journey, the subjects, the clubs, or where his friends are "
                "going.",
                "his best mate is going to Lindley High",
                "That's worth weighing, but friendships shift a lot in the first year, so don't "
                "let it be the only factor.",
            ]),
            ("ans", "2024/09/12 18:45", [
                "*his first week at Oakfield Academy was a lot. big school, new bus, he came home "
                "and slept for 3 hours",
                "Starting secondary is exhausting! The first half-term is usually the hardest; "
                "keep evenings calm and bedtimes early for a while.",
                "he did say the science labs are cool",
                "That's a great sign. One thing he's excited about can carry him through the "
                "tiring weeks.",
            ]),
        ],
    },
    {
        "id": "dev_ku_16",
        "question": "where's my brother Tomasz living now?",
        "answer": "Rotterdam",
        "old": ["Gdańsk"],
        "asked": "2024/09/15 15:00",
        "sessions": [
            ("ans", "2024/01/28 12:10", [
                "*my brother Tomasz is flying me out to see him in Gdańsk for his birthday in "
                "march, what should we do there",
                "Wander the Main Town and the Long Market, visit the European Solidarity Centre "
                "and take a trip out to Westerplatte. Sopot's pier is a short train ride away too.",
                "his flat is right by the shipyard apparently",
                "Then the Solidarity Centre is on your doorstep, and it's one of the best museums "
                "in the city.",
            ]),
            ("topic", "2024/04/05 17:00", [
                "Tomasz got a job offer from a shipping company abroad and can't decide",
                "Big decision. It might help him list what he'd gain and what he'd miss, and "
                "whether the move is reversible if it doesn't work out.",
                "our mum is not happy about it lol",
                "Understandable, she'll miss him. Regular video calls and an early visit on the "
                "calendar can soften it.",
            ]),
            ("ans", "2024/07/21 19:00", [
                "*helped Tomasz carry a sofa up four flights in his new place in Rotterdam, dutch "
                "stairs are basically ladders",
                "Ha, the famous Dutch staircases! Lots of old buildings have a hoist beam at the "
                "top for exactly that reason.",
                "NOW you tell me",
                "Next time, rent a furniture lift or book movers who have one. Your back will "
                "thank you.",
            ]),
        ],
    },
    {
        "id": "dev_ku_17",
        "question": "which mobile network am I on?",
        "answer": "giffgaff",
        "old": ["Vodafone"],
        "asked": "2024/06/05 13:00",
        "sessions": [
            ("ans", "2024/02/15 19:20", [
                "*my Vodafone bill was 64 this month, roaming in france I think. is that normal?",
                "It depends on your plan; some UK providers now charge a daily fee for roaming in "
                "the EU. Check the bill breakdown for roaming charges and whether a daily pass "
                "was added automatically.",
                "yep, 2.50 a day",
                "That adds up fast over a trip. If you travel often, a plan with roaming included "
                "could work out cheaper.",
            ]),
            ("topic", "2024/04/02 12:30", [
                "my dad wants a basic phone plan, he literally only calls people",
                "A pay-as-you-go SIM or a very small monthly plan would suit him. Look for plenty "
                "of minutes and a little data just in case.",
                "he'd never use data",
                "Then the cheapest option with unlimited minutes is probably perfect.",
            ]),
            ("ans", "2024/05/10 10:45", [
                "my contract finally ended this week",
                "Congratulations on being free! Now's a good time to compare SIM-only deals, "
                "they're often much cheaper than a contract that includes a handset.",
                "*already done it, ported my number to giffgaff, 10 a month for 20 gigs. took "
                "like an hour",
                "Nice work, that's a solid saving. Keep an eye on your data use in the first "
                "month to check the allowance suits you.",
            ]),
        ],
    },
    {
        "id": "dev_ku_18",
        "question": "what sport do I play on weeknights?",
        "answer": "padel",
        "old": ["five-a-side"],
        "asked": "2024/11/05 20:00",
        "sessions": [
            ("ans", "2024/02/21 22:15", [
                "*rolled my ankle at five-a-side again. ice or heat?",
                "Ice for the first 48 hours, 15 to 20 minutes at a time, plus rest and keeping it "
                "raised. Heat can increase swelling early on.",
                "it's pretty swollen",
                "If you can't put weight on it or the pain is severe, get it checked for a "
                "fracture.",
            ]),
            ("topic", "2024/07/15 19:30", [
                "my brother wants me to join his squash ladder, I've never played",
                "Squash is a great workout and easy to start. Borrow a racket, wear non-marking "
                "shoes and expect to be out of breath fast!",
                "is it hard on the knees?",
                "It's lots of quick turns, so warm up well and build up gradually.",
            ]),
            ("ans", "2024/09/30 21:00", [
                "*my forearm is killing me after padel, me and Dev have been playing tuesdays and "
                "thursdays since I quit football for good",
                "That could be the start of a tennis-elbow type strain, which is common with "
                "racket sports. Check your grip isn't too tight and the racket isn't too heavy, "
                "and rest it a few days.",
                "dev says I grip it like my life depends on it",
                "Dev might be right! A relaxed grip takes a lot of strain off the forearm.",
            ]),
        ],
    },
    {
        "id": "dev_ku_19",
        "question": "what shift am I working at the moment?",
        "answer": "7-to-3",
        "old": ["night shift"],
        "asked": "2024/08/28 16:00",
        "sessions": [
            ("ans", "2024/02/02 04:30", [
                "*on night shift at the hospital again, what can I eat at 3am that won't wreck my "
                "stomach",
                "Go for something light and easy to digest: yoghurt with oats, a banana with "
                "peanut butter, or soup. Skip heavy fried food and keep caffeine to the first "
                "half of your hours.",
                "the vending machine is calling me",
                "Pack snacks before you go in; it's much easier to resist when there's something "
                "in your bag.",
            ]),
            ("topic", "2024/04/28 14:00", [
                "my colleague swapped onto days and says she sleeps like a baby now",
                "Coming off nights can make a big difference to sleep for a lot of people, since "
                "your body clock lines up with daylight again.",
                "I'd love that but there's a waiting list",
                "Put your name down anyway, and tell your manager it matters for your health.",
            ]),
            ("ans", "2024/07/19 20:00", [
                "*finally got moved onto the 7-to-3 rota on the ward. I saw the sun today. actual "
                "sun",
                "That's wonderful! Your body will thank you. Try to keep consistent wake times, "
                "even on days off, to settle in.",
                "I'm in bed by 9 like a grandma",
                "That's exactly what an early start needs. Enjoy your evenings!",
            ]),
        ],
    },
    {
        "id": "dev_ku_20",
        "question": "where do I usually do the big weekly shop?",
        "answer": "Lidl",
        "old": ["Sainsbury's"],
        "asked": "2024/03/30 11:00",
        "sessions": [
            ("ans", "2023/11/12 10:30", [
                "*the Sainsbury's big shop came to 140 this week for two people. how does anyone "
                "afford food",
                "Prices have jumped a lot. A meal plan and a list help cut impulse buys, and "
                "own-brand basics are often much cheaper for the same quality.",
                "we buy a lot of snacks tbh",
                "Snacks add up fast. Set a snack budget, or buy bigger packs and portion them out.",
            ]),
            ("topic", "2024/01/07 16:00", [
                "everyone says Aldi is cheaper but the nearest one is 25 minutes away",
                "It often is cheaper, but the travel time and fuel can eat into the saving. Try "
                "it once and compare receipts.",
                "maybe once a month for staples",
                "That's a good compromise: big staples there, top-ups closer to home.",
            ]),
            ("ans", "2024/03/03 12:30", [
                "*ok the Lidl down the road reopened after the refit and we've been going every "
                "saturday. the bakery bit is dangerous",
                "Ha, the fresh bread smell is strategic! Has the bill come down?",
                "yeah, about 95 a week now",
                "That's a big saving. Note what you spend over a couple of months to see the "
                "trend.",
            ]),
        ],
    },
    {
        "id": "dev_ku_21",
        "question": "what class am I playing in D&D currently?",
        "answer": "bard",
        "old": ["rogue", "cleric"],
        "asked": "2024/12/10 20:00",
        "sessions": [
            ("ans", "2024/02/10 23:00", [
                "*my rogue nearly died tonight because I tried to pickpocket a guard captain lmao",
                "Classic move! Did the party bail you out?",
                "the paladin did, very reluctantly",
                "Sounds like you owe them a drink in-game. Great story though.",
            ]),
            ("ans", "2024/06/01 22:40", [
                "*new campaign started, I'm playing a cleric this time so the party stops dying. "
                "healing is weirdly fun",
                "Support characters are underrated! Pick a few spells that also deal damage so "
                "you're not just a walking first-aid kit.",
                "good idea",
                "Guidance and spiritual weapon are popular picks for exactly that reason.",
            ]),
            ("topic", "2024/08/18 21:00", [
                "our DM is thinking of running a horror one-shot around halloween",
                "Fun! Horror works best with limited light, a ticking clock and things the "
                "players can't see. Keep it short so the tension doesn't fizzle.",
                "I'd play a wizard just for the spooky vibes",
                "A nervous wizard who's read too many forbidden books would fit perfectly.",
            ]),
            ("ans", "2024/11/16 23:30", [
                "*that campaign fell apart when our DM moved away, so I joined my coworker's "
                "table and I'm a bard now. I rewrote a Taylor Swift song as a spell",
                "That's incredibly on-brand for the class. Your table must have loved it.",
                "they groaned but they loved it",
                "The best reaction you can get.",
            ]),
        ],
    },
    {
        "id": "dev_ku_22",
        "question": "Which password manager am I using rn?",
        "answer": "Bitwarden",
        "old": ["LastPass"],
        "asked": "2024/05/14 09:30",
        "sessions": [
            ("ans", "2024/01/12 20:00", [
                "*LastPass keeps logging me out on my phone every day, is there a setting for that",
                "Check the app's security settings for a session timeout or 'log out after' "
                "option; you can also turn on biometric unlock so getting back in is quicker.",
                "found it, it was set to 1 hour",
                "Set it longer and turn on fingerprint unlock; that's a good balance of safety "
                "and convenience.",
            ]),
            ("topic", "2024/03/08 19:00", [
                "how do I convince my parents to stop using the same password for everything",
                "Explain it in terms of risk: if one site leaks, every account is exposed. Then "
                "make it easy, set up a password manager for them and turn on two-factor for "
                "their email first.",
                "my dad writes them in a notebook",
                "A notebook kept at home is honestly better than reusing one password. Start from "
                "there.",
            ]),
            ("ans", "2024/04/20 11:20", [
                "*moved all 300-ish logins over to Bitwarden at the weekend, took ages to clean "
                "up duplicates. the old one had one breach too many for my liking",
                "That's a solid move and a good chance to tidy up. Use the vault health or "
                "reports feature to find weak or reused passwords.",
                "there are SO many reused ones",
                "Tackle the important ones first: email, banking and anything with stored payment "
                "details.",
            ]),
        ],
    },
    {
        "id": "dev_ku_23",
        "question": "who cuts my hair these days?",
        "answer": "Beatriz",
        "old": ["Marco"],
        "asked": "2024/10/10 19:00",
        "sessions": [
            ("ans", "2024/03/20 18:00", [
                "*Marco at the barber on King Street went way too short on the sides again. I "
                "SAID a number 3!!",
                "Frustrating! Next time bring a photo and ask them to start longer, since they "
                "can always take more off. Hair grows about a centimetre a month, so it'll be "
                "back soon.",
                "I look like a boiled egg",
                "Give it two weeks and it'll have softened into something you like, promise.",
            ]),
            ("topic", "2024/06/22 12:00", [
                "my boyfriend wants to try cutting my hair with clippers at home, is that a "
                "terrible idea?",
                "It can work for simple styles. Start with a longer guard than you think, go "
                "slowly, and leave the neckline for last.",
                "he's very confident for someone who's never done it",
                "Confidence is half the battle! Keep a hat nearby just in case.",
            ]),
            ("ans", "2024/09/05 20:30", [
                "*so my neighbour Beatriz trained as a hairdresser in Sao Paulo and now does my "
                "hair in her kitchen for a bottle of wine. best cut I've had in years",
                "That's a brilliant arrangement! A good hairdresser next door is worth a lot.",
                "she even sorted out my fringe",
                "Fringes are the hardest thing to get right, so that's a real sign of skill.",
            ]),
        ],
    },
    {
        "id": "dev_ku_24",
        "question": "where do I work from on my remote days?",
        "answer": "Central Library",
        "old": ["Hatchery"],
        "asked": "2024/07/01 12:00",
        "sessions": [
            ("ans", "2024/02/06 09:15", [
                "*the wifi at Hatchery coworking dropped three times during my call this morning. "
                "paying 180 a month for this",
                "That's frustrating for what you pay. Report it to the manager with the times it "
                "dropped, and ask whether there's a wired connection or a quieter room for calls.",
                "there's an ethernet port in the phone booth",
                "Use that for important calls; wired is far more reliable.",
            ]),
            ("topic", "2024/04/15 13:00", [
                "my coworker works from cafes all day, how does she not go broke on lattes",
                "Some people buy a drink every couple of hours as rent for the table, or pick "
                "cafes that welcome laptops. For some it's cheaper than a desk, for others "
                "pricier.",
                "I could never focus with the music",
                "Then noise-cancelling headphones or a quieter spot might suit you better.",
            ]),
            ("ans", "2024/06/03 17:00", [
                "*cancelled the coworking membership. I've been going to the Central Library's "
                "quiet floor instead, free wifi, free desks, and an old guy who naps by the window",
                "That's a great find, and it saves a lot each month. Do they have bookable rooms "
                "for calls?",
                "yes, you can book a pod for 2 hours",
                "Perfect for calls, best of both worlds.",
            ]),
        ],
    },
]

ABSTENTIONS: list[dict] = [
    {
        "id": "dev_ab_01_abs",
        "type": "single-session-user",
        "question": "what's my physio called?",
        "answer": "Not mentioned: you talked about physio for your shoulder and the resistance "
        "band exercises, but never said the physio's name.",
        "asked": "2024/05/20 18:00",
        "sessions": [
            ("topic", "2024/03/12 18:00", [
                "first physio session for my shoulder today, she gave me these stretchy band "
                "exercises",
                "Resistance bands are great for shoulder rehab. Go slowly, focus on form, and "
                "stop if you get sharp pain rather than a mild ache.",
                "she said 3 sets of 15, twice a day",
                "Try tying them to something you already do, like after brushing your teeth, so "
                "they become routine.",
            ]),
            ("topic", "2024/04/09 19:30", [
                "shoulder's way better, I can reach the top shelf again!",
                "That's great progress! Keep up the exercises even once it feels fine; that's "
                "when people tend to stop and relapse.",
                "physio said the exact same thing lol",
                "Then you're in good hands.",
            ]),
        ],
    },
    {
        "id": "dev_ab_02_abs",
        "type": "single-session-user",
        "question": "how much did I pay for the new sofa?",
        "answer": "Not mentioned: you said the green velvet three-seater arrived and the cat "
        "claimed one end, but never said what it cost.",
        "absent": ["£", "$", "€", " quid", "pounds", "euros", "dollars"],
        "asked": "2024/04/01 20:00",
        "sessions": [
            ("topic", "2024/02/17 16:00", [
                "the new sofa came today! green velvet, three-seater, so comfy I might live on it",
                "Velvet sofas are gorgeous. Brush it gently in the direction of the pile and keep "
                "it out of strong direct sun so it doesn't fade.",
                "the cat has already claimed one end",
                "Worth getting a throw for that end, velvet and claws aren't the best of friends.",
            ]),
        ],
    },
    {
        "id": "dev_ab_03_abs",
        "type": "single-session-user",
        "question": "what's my niece's name?",
        "answer": "You haven't mentioned a niece; you only talked about your nephew Oskar.",
        "absent": ["niece"],
        "asked": "2024/07/20 12:00",
        "sessions": [
            ("topic", "2024/05/04 12:00", [
                "my nephew Oskar turns 8 next week and he's into volcanoes. gift ideas?",
                "A make-your-own volcano kit, a rock and crystal collection, or a kids' book "
                "about earthquakes and volcanoes would all go down well.",
                "he already has the kit lol",
                "Then maybe a geode-cracking set, kids love smashing them open to find the "
                "crystals inside.",
            ]),
            ("topic", "2024/06/16 17:00", [
                "took Oskar to the natural history museum, he cried when we had to leave the "
                "dinosaur hall",
                "That's the sign of a great day out! Maybe pick up a small dinosaur figure or a "
                "book next time so he has something to take home.",
                "my sister says he hasn't stopped talking about it",
                "Sounds like you're officially the fun relative.",
            ]),
        ],
    },
    {
        "id": "dev_ab_04_abs",
        "type": "temporal-reasoning",
        "question": "how many days until my driving test?",
        "answer": "Can't tell: you talked about booking your driving test, stalling at "
        "roundabouts and a mock test, but never said when the test is.",
        "asked": "2024/09/03 09:00",
        "sessions": [
            ("topic", "2024/08/05 18:00", [
                "booked my driving test!! I'm so nervous already, I stall at every roundabout",
                "Congrats on booking it! Roundabout stalls usually come from rushing the clutch. "
                "Practise finding the biting point while rolling slowly, and look early so you "
                "can plan.",
                "my instructor says I brake too late too",
                "Try to scan further ahead; the earlier you spot hazards, the smoother your "
                "braking gets.",
            ]),
            ("topic", "2024/08/27 19:00", [
                "did a mock test with my instructor today and got 6 minors, 0 majors",
                "That's a pass standard, 15 minors or fewer and no serious faults. Well done! "
                "What were the minors for?",
                "mostly mirrors",
                "Easy to fix: think 'mirrors' before every signal, speed change and turn.",
            ]),
        ],
    },
    {
        "id": "dev_ab_05_abs",
        "type": "single-session-user",
        "question": "which airline am I flying to Marrakech with?",
        "answer": "Not mentioned: you talked about your April trip to Marrakech with your best "
        "friend, the riad and what to pack, but never said which airline.",
        "absent": ["Ryanair", "easyJet", "Royal Air Maroc", "Jet2", "British Airways", "Wizz"],
        "asked": "2024/04/05 19:00",
        "sessions": [
            ("topic", "2024/02/22 20:00", [
                "going to Marrakech in april with my best friend. riad or hotel?",
                "A riad is the classic choice, a traditional house built around a courtyard, "
                "often in the medina and usually with breakfast. Hotels outside the old city are "
                "quieter but have less atmosphere.",
                "riad for sure",
                "Pick one near a landmark so taxis can find it; the medina's alleys are a maze.",
            ]),
            ("topic", "2024/03/29 21:15", [
                "what do I pack for Marrakech? I've heard you should cover up",
                "Light, loose clothes that cover shoulders and knees are respectful and keep you "
                "cool. Add a scarf, comfy sandals and a layer for the cooler spring evenings.",
                "hand luggage only, is that doable?",
                "Definitely for a week if you plan outfits that mix and match and buy toiletries "
                "there.",
            ]),
        ],
    },
    {
        "id": "dev_ab_06_abs",
        "type": "knowledge-update",
        "question": "which broadband provider did I switch to?",
        "answer": "Not mentioned: you complained about evening dropouts and compared full fibre "
        "deals and contract lengths, but never said whether you switched or to whom.",
        "asked": "2024/08/14 20:30",
        "sessions": [
            ("topic", "2024/05/08 21:00", [
                "my broadband has dropped out every evening this week, I'm losing my mind",
                "That's maddening. Restart the router, check whether the drops line up with peak "
                "hours, and run a speed test when it happens. If it keeps going, report a fault "
                "to your provider.",
                "they say there's no fault on the line",
                "Keep a log of dates and times; if the problem persists, you may be able to leave "
                "the contract early for poor service.",
            ]),
            ("topic", "2024/06/12 19:40", [
                "comparing broadband deals, they all look the same. is full fibre worth it?",
                "If full fibre is available at your address it's usually much more reliable and "
                "faster, especially in the evenings. Check the speed guarantee and the contract "
                "length.",
                "some are 24 month contracts, that feels long",
                "An 18 or 12 month deal costs a bit more but gives you flexibility if you might "
                "move.",
            ]),
        ],
    },
    {
        "id": "dev_ab_07_abs",
        "type": "multi-session",
        "question": "how much have I spent on wedding stuff so far altogether?",
        "answer": "Not mentioned: you talked about booking the barn venue, the photographer and "
        "the florist, but never said what any of them cost.",
        "absent": ["£", "$", "€", " quid", "pounds", "euros", "dollars"],
        "asked": "2024/06/25 20:00",
        "sessions": [
            ("topic", "2024/01/20 15:00", [
                "we booked the venue!! an old barn outside York for next September",
                "Congratulations! Barns make lovely venues. Next on most lists is the "
                "photographer, since the good ones book up a year ahead.",
                "that's scary",
                "Ask friends for recommendations and look at full galleries, not just highlight "
                "reels.",
            ]),
            ("topic", "2024/03/10 13:00", [
                "found our photographer, she does this grainy film style that's so dreamy",
                "That style is beautiful and timeless. Make sure the contract covers the hours, "
                "the number of edited photos and the delivery time.",
                "she said 8 weeks to deliver",
                "That's pretty standard. Ask whether she offers a few sneak peeks sooner.",
            ]),
            ("topic", "2024/05/02 20:00", [
                "the florist meeting went well, we're going with dried flowers so they last",
                "Dried flowers are a lovely choice and you can keep the bouquet forever. Pampas, "
                "bunny tails and dried roses look great in a barn.",
                "my mum thinks dried flowers look dead",
                "Maybe add a few fresh stems to the table arrangements as a compromise.",
            ]),
        ],
    },
    {
        "id": "dev_ab_08_abs",
        "type": "multi-session",
        "question": "what did I end up getting my parents for their anniversary?",
        "answer": "Not mentioned: across two chats you weighed a restored wedding photo, a "
        "cooking class and a weekend away in the Lakes with your brother, but never said what you "
        "chose.",
        "asked": "2024/11/10 17:00",
        "sessions": [
            ("topic", "2024/09/02 19:00", [
                "my parents' 40th anniversary is in october, what do you even get for 40 years",
                "Ruby is the traditional 40th gift, so anything with a ruby-red theme works. "
                "Experiences like a weekend away or a special dinner are popular too.",
                "they're not jewellery people",
                "A restored and framed photo from their wedding day, or a cooking class together, "
                "could feel very personal.",
            ]),
            ("topic", "2024/09/24 20:30", [
                "my brother wants to chip in for the anniversary thing, he's thinking a weekend "
                "away in the Lakes",
                "That's a lovely idea, and splitting it makes it more doable. Look for somewhere "
                "with dinner included so they don't have to plan anything.",
                "mum gets carsick on long drives though",
                "Then somewhere closer, or book them the train with a taxi at the other end.",
            ]),
        ],
    },
    {
        "id": "dev_ab_09_abs",
        "type": "temporal-reasoning",
        "question": "how many weeks until my sister's due date?",
        "answer": "Can't tell: you said your sister is pregnant with twins and you're organising "
        "her baby shower, but never said when she's due.",
        "absent": ["due on", "due in", "due date is"],
        "asked": "2024/07/01 10:00",
        "sessions": [
            ("topic", "2024/04/18 20:00", [
                "my sister just told us she's pregnant with TWINS. I'm going to be an auntie "
                "twice over",
                "Congratulations to the whole family! Twins, how exciting. Is she feeling ok?",
                "very sick in the mornings",
                "That's really common in the first trimester, and sometimes stronger with twins. "
                "Small snacks and ginger help some people.",
            ]),
            ("topic", "2024/06/03 18:30", [
                "I'm in charge of her baby shower, any game ideas that aren't cringe?",
                "Guess the baby photo, a onesie-decorating station and a box of prediction and "
                "advice cards are fun without being embarrassing.",
                "the onesie thing is cute",
                "Get plain ones in a few sizes and some fabric pens, so guests can decorate one "
                "for each twin.",
            ]),
        ],
    },
    {
        "id": "dev_ab_10_abs",
        "type": "single-session-user",
        "question": "what's my daughter's teacher called?",
        "answer": "Not mentioned: you talked about parents' evening, her maths and reading aloud, "
        "but never named her teacher.",
        "asked": "2024/11/20 08:00",
        "sessions": [
            ("topic", "2024/10/17 21:00", [
                "parents' evening tonight, her teacher says she's great at maths but won't read "
                "out loud in class",
                "That's a common mix at that age. Reading aloud can feel exposing; practising at "
                "home with something she loves, with no pressure, often builds confidence.",
                "she reads to the dog sometimes",
                "That's actually perfect, dogs are the least judgemental audience there is. "
                "Encourage it!",
            ]),
        ],
    },
    {
        "id": "dev_ab_11_abs",
        "type": "single-session-user",
        "question": "what did the plumber say was causing the leak?",
        "answer": "Not mentioned: you said water was dripping through the kitchen ceiling and a "
        "plumber was booked for the next morning, but never said what they found.",
        "asked": "2024/02/15 19:00",
        "sessions": [
            ("topic", "2024/01/23 22:10", [
                "water is dripping through my kitchen ceiling from the bathroom upstairs, help",
                "If it's heavy, turn off the water at the stopcock. Put a bucket under the drip "
                "and move anything electrical away. If the ceiling bulges, a small hole at the "
                "lowest point lets the water out safely.",
                "it's just a slow drip, plumber's booked for tomorrow morning",
                "Good. Take photos of the damage for insurance and keep emptying the bucket "
                "overnight.",
            ]),
        ],
    },
    {
        "id": "dev_ab_12_abs",
        "type": "single-session-user",
        "question": "which book are we reading for book club this month?",
        "answer": "Not mentioned: you talked about hosting book club and the snacks, but never "
        "said which book you're reading.",
        "asked": "2024/09/30 18:00",
        "sessions": [
            ("topic", "2024/09/10 20:00", [
                "it's my turn to host book club next week, what snacks do grown-ups want",
                "A cheese board, some olives, something sweet like brownies and a jug of "
                "something fizzy. Keep it easy to eat while talking.",
                "half of them won't have read it lol",
                "Classic book club. Prepare a couple of open questions so even the non-readers "
                "can join in.",
            ]),
        ],
    },
    {
        "id": "dev_ab_13_abs",
        "type": "multi-session",
        "question": "which countries did I go through on my interrail trip?",
        "answer": "Not mentioned: you talked about booking a three-week interrail pass and coming "
        "back sore from the night trains, but never named the countries.",
        "asked": "2024/09/01 11:00",
        "sessions": [
            ("topic", "2024/05/15 19:00", [
                "booked a global interrail pass for july, 3 weeks!! what do I need to know",
                "Reserve seats on high-speed trains early, since some need a booking on top of "
                "the pass. Download the official planner app and pack light, you'll carry your "
                "bag a lot.",
                "one backpack, that's it",
                "Perfect. A small daypack for day trips is handy too.",
            ]),
            ("topic", "2024/08/06 16:00", [
                "back from interrail and my whole body hurts from the night trains",
                "Welcome back! Night trains are an adventure but not always restful. Give "
                "yourself a few lazy days.",
                "best trip of my life tho",
                "That's what counts. Write down your favourite moments before they fade.",
            ]),
        ],
    },
    {
        "id": "dev_ab_14_abs",
        "type": "knowledge-update",
        "question": "what's my new address?",
        "answer": "Not mentioned: you talked about packing for the move and your first night in "
        "the new flat, but never gave the address.",
        "absent": ["Street", "Road", "Avenue", "postcode"],
        "asked": "2024/05/05 12:00",
        "sessions": [
            ("topic", "2024/03/02 15:00", [
                "packing for the move is destroying me, I own way too many mugs",
                "Pack a room a day, label boxes by room and declutter ruthlessly as you go. Mugs "
                "wrapped in tea towels save on bubble wrap.",
                "how many mugs is normal",
                "No rules, but if they don't fit in one cupboard, that's a hint.",
            ]),
            ("topic", "2024/03/24 23:00", [
                "first night in the new flat, sleeping on a mattress on the floor lol",
                "Welcome to the new place! Mattress-on-the-floor nights are a rite of passage. "
                "Did you unpack the kettle?",
                "first thing I did",
                "Priorities right. Tackle the bedroom tomorrow so you sleep properly the next "
                "night.",
            ]),
        ],
    },
    {
        "id": "dev_ab_15_abs",
        "type": "single-session-user",
        "question": "what score did I get on my IELTS?",
        "answer": "Not mentioned: you talked about preparing for the IELTS speaking part and "
        "feeling good about the writing afterwards, but never said your result.",
        "absent": ["band 6", "band 7", "band 8", "band 9", "scored"],
        "asked": "2024/08/01 09:00",
        "sessions": [
            ("topic", "2024/06/20 21:00", [
                "IELTS is on saturday and the speaking part terrifies me",
                "It's a conversation, not an interrogation. Extend your answers with a reason and "
                "an example, and it's fine to ask the examiner to repeat a question.",
                "what if I blank",
                "Say so naturally, something like 'that's an interesting question, let me think', "
                "which buys you a few seconds.",
            ]),
            ("topic", "2024/06/22 17:30", [
                "IELTS done!! I think the writing went better than expected",
                "Well done for getting through it! Results usually come within a couple of weeks. "
                "Treat yourself tonight.",
                "going out for ramen",
                "Perfect celebration.",
            ]),
        ],
    },
    {
        "id": "dev_ab_16_abs",
        "type": "single-session-user",
        "question": "what does my brother-in-law do for work?",
        "answer": "Not mentioned: you talked about your brother-in-law Rafa staying for a week, "
        "his snoring and bowling, but never said what he does.",
        "asked": "2024/12/01 15:00",
        "sessions": [
            ("topic", "2024/11/02 22:30", [
                "my brother-in-law Rafa is staying with us for a week and he snores like a tractor",
                "Earplugs for you, and maybe put him in the room furthest from yours! A white "
                "noise app can mask it too.",
                "my husband says he's always been like that",
                "Then it's probably not changing this week, so focus on getting yourself some "
                "sleep.",
            ]),
            ("topic", "2024/11/09 11:00", [
                "Rafa left this morning and the house is so quiet",
                "Funny how you miss the chaos once it's gone. Did you have a good week together?",
                "yeah we went bowling and he's weirdly good",
                "Hidden talents! Maybe a rematch next visit.",
            ]),
        ],
    },
]

MULTI_SESSION: list[dict] = [
    {
        "id": "dev_ms_01",
        "question": "how many escape rooms have we done this year?",
        "answer": "3: the pirate one, the haunted hospital and the bank heist (the submarine one "
        "was only being planned for my birthday)",
        "asked": "2024/06/02 10:00",
        "sessions": [
            ("ans", "2024/02/03 11:20", [
                "*did our first ever escape room last night, pirate themed, got out with 4 "
                "minutes left!!",
                "Great result for a first go! Pirate rooms usually have lots of padlocks and "
                "hidden compartments. Did you split up or stick together?",
                "split up, which was chaos",
                "Splitting works if you shout out everything you find; communication is the whole "
                "game.",
            ]),
            ("ans", "2024/03/16 22:45", [
                "*escape room number two tonight: a haunted hospital one. my friend screamed so "
                "loud the staff came in",
                "Ha! The scary ones are the most memorable. Did you make it out?",
                "barely, they gave us like 3 hints",
                "Hints are part of the fun, no shame in using them.",
            ]),
            ("ans", "2024/04/21 18:10", [
                "*we did the bank heist room today and apparently broke the venue record. I'm "
                "unbearable now",
                "A record! You're officially escape room people. Time to try a harder difficulty?",
                "yes, the submarine one next",
                "Good luck, record-breakers have a reputation to uphold.",
            ]),
            ("topic", "2024/05/10 20:00", [
                "thinking of booking that submarine-themed room for my birthday next month",
                "That sounds fun! Check the group size limit and whether they have a bigger room "
                "if more friends want to come.",
                "it's 6 people max",
                "Perfect for a birthday crew.",
            ]),
        ],
    },
    {
        "id": "dev_ms_02",
        "question": "how much have I spent doing up the balcony?",
        "answer": "£225 in total: £60 on planters, £45 on solar fairy lights and £120 on decking "
        "tiles (the £90 bistro set wasn't bought)",
        "asked": "2024/07/15 19:00",
        "sessions": [
            ("ans", "2024/04/06 14:00", [
                "*got three big planters for the balcony, £60 in the end. what can I plant that "
                "won't die in the wind",
                "Windy balconies suit tough plants: lavender, rosemary, thyme, ornamental grasses "
                "and sedums. Heavy pots help too.",
                "herbs sound good",
                "Rosemary and thyme will love it; basil may struggle with the wind though.",
            ]),
            ("ans", "2024/05/11 21:30", [
                "*put solar fairy lights along the balcony railing, £45 well spent honestly, it "
                "looks magical",
                "Fairy lights make such a difference in the evenings! Solar ones need a few hours "
                "of direct sun to last all night.",
                "they only last till 11",
                "That's normal for small panels; angle it towards the brightest spot.",
            ]),
            ("topic", "2024/05/30 12:15", [
                "seen a cute bistro set for the balcony for about £90, should I?",
                "If you'll actually sit out there, it's a lovely upgrade. Check it's weatherproof "
                "and folds, so you can store it in winter.",
                "I'll wait for the sales",
                "Good plan, garden furniture often drops in price at the end of summer.",
            ]),
            ("ans", "2024/06/22 11:40", [
                "*laid the interlocking decking tiles this morning, £120 for the lot and it took "
                "40 minutes. no more grey concrete!",
                "What a transformation! Interlocking tiles are such an easy win. Sweep them now "
                "and then so dirt doesn't build up underneath.",
                "the cat is sunbathing on them already",
                "The highest form of approval.",
            ]),
        ],
    },
    {
        "id": "dev_ms_03",
        "question": "which museums did I go to over the summer?",
        "answer": "The Science Museum, Tate Modern and the Horniman Museum (the V&A was only a "
        "plan)",
        "asked": "2024/09/10 18:00",
        "sessions": [
            ("ans", "2024/06/15 17:30", [
                "*spent the whole afternoon at the Science Museum in the flight gallery, I'm such "
                "a nerd",
                "The flight gallery is fantastic! Did you try any of the interactive bits in "
                "Wonderlab?",
                "didn't have time, next visit",
                "It's worth a dedicated trip, though it gets busy with school groups.",
            ]),
            ("ans", "2024/07/20 19:00", [
                "*went to Tate Modern for the new installation in the Turbine Hall, honestly "
                "didn't get it but it was HUGE",
                "Turbine Hall commissions are often more about the experience than a meaning. "
                "Sometimes huge and confusing is the point!",
                "I liked the view from the cafe more",
                "The view over the Thames from up there is great.",
            ]),
            ("topic", "2024/08/02 13:00", [
                "want to see the V&A fashion exhibition before it closes, do I need to book",
                "For the big fashion shows, yes, timed tickets often sell out, especially at "
                "weekends. Weekday mornings are quieter.",
                "weekdays are hard with work",
                "Some museums have late openings on Fridays, which could be perfect.",
            ]),
            ("ans", "2024/08/25 18:20", [
                "*dragged my flatmate to the Horniman Museum today, the walrus is iconic and the "
                "aquarium was a nice surprise",
                "The overstuffed walrus is a legend! And the gardens there are lovely in late "
                "summer.",
                "we had a picnic in them after",
                "Perfect Sunday.",
            ]),
        ],
    },
    {
        "id": "dev_ms_04",
        "question": "how many nights have I spent away on work trips this year?",
        "answer": "9 nights: 2 in Glasgow, 3 in Hamburg and 4 in Lyon (the Singapore week isn't "
        "confirmed)",
        "asked": "2024/07/20 09:00",
        "sessions": [
            ("ans", "2024/02/13 20:10", [
                "*back from 2 nights in Glasgow for the client workshop, I have never been so cold",
                "Glasgow in February will do that! Hope the workshop went well at least.",
                "it did, they want a follow-up",
                "That's a great outcome from a cold trip.",
            ]),
            ("ans", "2024/04/25 21:00", [
                "*the Hamburg trip ended up being 3 nights, one of them in an airport hotel "
                "because of a cancelled flight",
                "Ugh, cancellations are the worst. If the airline was at fault you may be "
                "entitled to compensation under EU rules.",
                "ooh I'll look into that",
                "Keep your boarding passes and any receipts for food or the hotel.",
            ]),
            ("topic", "2024/06/07 17:30", [
                "my manager mentioned a possible week in Singapore in the autumn",
                "Exciting! Long-haul work trips need some planning: check your passport's "
                "validity and think about jet lag, arriving a day early helps.",
                "nothing's confirmed",
                "Then enjoy the idea for now!",
            ]),
            ("ans", "2024/06/28 22:15", [
                "*just got home from Lyon, 4 nights at the conference and I ate my body weight in "
                "cheese",
                "Lyon is a food capital, so that's the correct way to do it! How was the "
                "conference itself?",
                "long but useful",
                "The best kind.",
            ]),
        ],
    },
    {
        "id": "dev_ms_05",
        "question": "what are my chickens called?",
        "answer": "Dolly, Meringue and Admiral",
        "asked": "2024/06/20 19:00",
        "sessions": [
            ("ans", "2024/03/23 16:00", [
                "*we got our first two hens today! Dolly and Meringue. they're already bossing "
                "each other around",
                "Congratulations! The pecking order sorts itself out in a few days. Give them a "
                "quiet evening in the coop to settle.",
                "when will they lay?",
                "If they're point-of-lay hens, anywhere from a few days to a few weeks once "
                "they've settled.",
            ]),
            ("topic", "2024/04/19 07:30", [
                "a fox was sniffing around the run last night, I'm panicking",
                "Foxes are persistent, so secure the run: bury the wire at least 30 cm, put a "
                "solid lock on the coop and shut them in at dusk.",
                "the latch is just a hook",
                "Swap it for a carabiner or a bolt; foxes can work out simple hooks.",
            ]),
            ("ans", "2024/05/12 12:30", [
                "*added a third hen to the flock, a speckled one the kids named Admiral for some "
                "reason",
                "Great name! Introduce her slowly; a separate pen next to the run for a week "
                "helps avoid bullying.",
                "the other two are already giving her the side eye",
                "That's normal, she'll find her place soon.",
            ]),
        ],
    },
    {
        "id": "dev_ms_06",
        "question": "how far have I swum so far for the charity challenge?",
        "answer": "6 km: 1.5 km, 2 km and 2.5 km",
        "asked": "2024/02/14 12:00",
        "sessions": [
            ("ans", "2024/01/08 08:30", [
                "*started my swim challenge for the hospice! 1.5 km today, my arms are jelly",
                "Brilliant start! Pace yourself and stretch your shoulders afterwards. What's the "
                "total target?",
                "10 km by the end of february",
                "Very doable with steady sessions.",
            ]),
            ("ans", "2024/01/19 09:00", [
                "*2 km done this morning, the lane hog in the fast lane nearly drowned me",
                "Well done for pushing on! Lane etiquette is a mystery to some people.",
                "I switched to the medium lane lol",
                "Sometimes the calm lane is faster overall.",
            ]),
            ("topic", "2024/01/28 20:00", [
                "should I eat before an early swim or go on an empty stomach?",
                "A small snack like a banana or a slice of toast 30 minutes before gives you "
                "energy without feeling heavy.",
                "I usually just have coffee",
                "That's fine for short swims, but for longer ones a snack helps.",
            ]),
            ("ans", "2024/02/06 08:45", [
                "*2.5 km!! longest swim I've ever done, the lifeguard gave me a thumbs up",
                "That's a huge milestone! Your endurance is clearly building.",
                "getting there",
                "Keep that momentum going.",
            ]),
        ],
    },
    {
        "id": "dev_ms_07",
        "question": "which companies have I applied to so far?",
        "answer": "Fernhill Games, Atlas Cartography and Quillon Labs (Brightwave was considered "
        "but skipped)",
        "asked": "2024/09/05 10:00",
        "sessions": [
            ("ans", "2024/08/04 21:00", [
                "*sent my application to Fernhill Games today, they make cosy farming games and I "
                "would die to work there",
                "Fingers crossed! A cover letter that mentions their games specifically will help "
                "you stand out.",
                "I mentioned my 400 hours in their last game",
                "That's a strong signal of passion, they'll love that.",
            ]),
            ("topic", "2024/08/15 19:30", [
                "should I apply to Brightwave? the reviews on glassdoor are terrible",
                "Reviews can be skewed, but if there's a pattern, like burnout or poor "
                "management, take it seriously. Maybe talk to someone who's worked there.",
                "nah, not worth it",
                "Trust your gut, there are other roles.",
            ]),
            ("ans", "2024/08/22 22:00", [
                "*applied to Atlas Cartography and Quillon Labs this week, both UX roles",
                "Two more in the pipeline! Keep a spreadsheet with dates and contacts so you can "
                "follow up.",
                "good idea, I'm losing track",
                "A simple table with company, role, date and status works well.",
            ]),
        ],
    },
    {
        "id": "dev_ms_08",
        "question": "how many hours of overtime have I done this month?",
        "answer": "15 hours: 6 + 4 + 5 (the Saturday double shift was only asked about)",
        "asked": "2024/10/31 18:00",
        "sessions": [
            ("ans", "2024/10/05 19:00", [
                "*did 6 hours of overtime this week covering the stocktake, my feet are done",
                "That's a lot on top of your normal hours! Put your feet up and make sure it's on "
                "your timesheet.",
                "yeah it's double time at least",
                "Nice, worth it at double time.",
            ]),
            ("ans", "2024/10/14 21:30", [
                "*another 4 hours of OT yesterday because two people called in sick",
                "Short-staffed weeks are tough. Take your breaks even when it's busy.",
                "I forgot lunch lol",
                "Pack something you can eat quickly next time.",
            ]),
            ("topic", "2024/10/20 12:00", [
                "my manager asked if I'd do a double shift next saturday",
                "It's ok to say no if you're tired. If you want to, make sure the pay and breaks "
                "are clear beforehand.",
                "I said I'd think about it",
                "That's a fair answer.",
            ]),
            ("ans", "2024/10/26 20:45", [
                "*5 more hours of overtime on friday. my bank account is happy, my body is not",
                "Balance it with a proper rest day. Overtime is great until it burns you out.",
                "sunday = sofa",
                "Perfect plan.",
            ]),
        ],
    },
]

PREFERENCES: list[dict] = [
    {
        "id": "dev_pref_01",
        "question": "any dessert ideas for my dinner party? I'll make it friday night",
        "answer": "A make-ahead dessert built on tart, sour fruit like rhubarb or sour cherries "
        "(the user loves sour things), with no coconut, whose texture they can't stand, and "
        "ideally gluten-free for the one guest, e.g. a rhubarb fool or a sour cherry clafoutis "
        "made with a gluten-free flour.",
        "asked": "2024/04/04 18:30",
        "sessions": [
            ("ans", "2024/03/05 21:10", [
                "*random q but why does coconut feel like chewing sand to me? I physically can't "
                "eat it. but give me anything sour, rhubarb, sour cherries, I'm there",
                "Texture aversions are really common, and desiccated coconut has a dry, fibrous "
                "feel some people just can't stand. Sour-lovers are a real type too; tart "
                "flavours light up the taste buds in a way sweet ones don't.",
                "my friends think I'm weird",
                "More rhubarb for you then.",
            ]),
            ("topic", "2024/04/02 19:45", [
                "hosting my first proper dinner party for six on saturday, kind of scared",
                "Keep the menu simple and prep as much as you can ahead: a main that sits in the "
                "oven, a big salad and a make-ahead dessert. Then you can enjoy your guests.",
                "one guest is gluten free",
                "Plan dishes that are naturally gluten-free, like a roast with potatoes, so you "
                "only cook one version.",
            ]),
        ],
    },
    {
        "id": "dev_pref_02",
        "question": "I've got a big report to write this afternoon, what should I listen to?",
        "answer": "Instrumental music with no lyrics (lyrics hijack the user's attention but "
        "silence makes them anxious), ideally slow-building post-rock or ambient, e.g. Explosions "
        "in the Sky or Hammock; not podcasts or vocal tracks.",
        "asked": "2024/07/02 12:30",
        "sessions": [
            ("ans", "2024/05/15 16:40", [
                "*I can't work with anything that has words in it, lyrics just hijack my brain. "
                "but total silence makes me anxious",
                "That's a common experience: words in music compete with the language part of "
                "your brain when you're reading or writing. Instrumental music or background "
                "noise tends to work better.",
                "*I like stuff that builds really slowly",
                "Post-rock and ambient are built on that kind of slow build, so they might be "
                "perfect.",
            ]),
        ],
    },
    {
        "id": "dev_pref_03",
        "question": "where should I go for my week off in october?",
        "answer": "Somewhere cool and walkable rather than hot (the user wilts above about 25 "
        "degrees and loves walking in wind and drizzle), within a moderate budget, e.g. hiking in "
        "the Scottish Highlands, the Lake District or the Faroe Islands.",
        "asked": "2024/08/20 20:00",
        "sessions": [
            ("ans", "2024/06/21 15:00", [
                "*this heatwave is killing me, anything over 25 degrees and I'm useless. I'd much "
                "rather be walking somewhere windy in a raincoat",
                "You're not alone, some people really do function better in cool weather. Keep "
                "curtains shut during the day, put a bowl of ice in front of a fan, and save "
                "walks for early morning.",
                "*honestly my ideal holiday is hiking in drizzle",
                "Then autumn in the hills is your season.",
            ]),
            ("topic", "2024/08/12 21:00", [
                "got a week off in october, no plans yet, I just know I need a break",
                "Good idea to book it in. October is great for travelling off-season, with fewer "
                "crowds and lower prices.",
                "budget is moderate",
                "Then trains or short-haul flights to somewhere with good trails could work well.",
            ]),
        ],
    },
    {
        "id": "dev_pref_04",
        "question": "movie night tonight, what should I watch?",
        "answer": "A slow, thoughtful science-fiction film like Contact (the user loves those) "
        "with no horror or jump scares, which they can't handle, e.g. Arrival, Moon or "
        "Interstellar; not Alien-style sci-fi horror.",
        "asked": "2024/10/12 19:30",
        "sessions": [
            ("ans", "2024/09/08 23:00", [
                "*just rewatched Contact and ugh, I love slow thoughtful sci-fi so much. but "
                "anything with jump scares and I'm behind a cushion",
                "Contact is a wonderful film, big ideas and patient pacing. Plenty of sci-fi is "
                "about wonder rather than fright, so there's lots to explore.",
                "*Alien is out of the question",
                "Understandable, that one's more horror than sci-fi really.",
            ]),
        ],
    },
    {
        "id": "dev_pref_05",
        "question": "what game should I get for me and my girlfriend to play at home?",
        "answer": "A two-player strategy game where skill beats luck (the user hates losing to "
        "dice), e.g. 7 Wonders Duel, Patchwork or Jaipur; not dice-heavy luck games.",
        "asked": "2024/04/15 20:00",
        "sessions": [
            ("ans", "2024/02/25 22:30", [
                "*game night was so frustrating, we played a dice game and I lost purely on luck. "
                "I like games where you win because you thought harder",
                "That's the classic split between strategy and luck-driven games. Games with "
                "hidden information or engine building reward planning more than rolls.",
                "*my girlfriend and I mostly play just the two of us",
                "Good to know, there are lots of great two-player strategy games built for that.",
            ]),
        ],
    },
    {
        "id": "dev_pref_06",
        "question": "give me some lunch ideas to take to work this week",
        "answer": "Cold, no-reheat lunches that won't go soggy (there's no microwave at the "
        "user's office and they hate soggy sandwiches), e.g. grain or noodle salads with the "
        "dressing kept separate, wraps assembled at lunchtime, bento-style boxes; ideally cheap "
        "batch-prepped ones.",
        "asked": "2024/11/24 19:00",
        "sessions": [
            ("ans", "2024/11/04 13:15", [
                "*our office doesn't have a microwave, and I hate soggy sandwiches with a "
                "passion. lunch is basically a sad banana most days",
                "That's a tricky combo, but solvable! Sturdy grain salads, cold noodle dishes and "
                "keeping wet ingredients separate until you eat help a lot.",
                "I'll try anything",
                "Then a few make-ahead boxes on Sunday could change your week.",
            ]),
            ("topic", "2024/11/18 20:30", [
                "trying to spend less on food, any tips?",
                "Plan meals for the week, cook in batches, and shop with a list. Buying staples "
                "like rice, oats and beans in bulk helps too.",
                "I waste a lot of veg",
                "Freeze what you won't use in time; chopped onions, peppers and spinach freeze "
                "well.",
            ]),
        ],
    },
]

SINGLE_SESSION_USER: list[dict] = [
    {
        "id": "dev_ss_01",
        "question": "what's my blood type?",
        "answer": "O negative",
        "asked": "2024/06/01 10:00",
        "sessions": [
            ("ans", "2024/03/18 17:45", [
                "*gave blood for the first time today! turns out I'm O negative, the nurse got "
                "really excited",
                "O negative is the universal donor type, so your donations are especially "
                "valuable; it's what they use in emergencies when there's no time to check.",
                "they said come back in 12 weeks",
                "That's the usual gap for whole blood. They'll probably text you a reminder.",
            ]),
        ],
    },
    {
        "id": "dev_ss_02",
        "question": "what year was my house built?",
        "answer": "1931",
        "asked": "2024/09/01 14:00",
        "sessions": [
            ("ans", "2024/07/11 18:30", [
                "*our house was built in 1931 and the walls are solid brick, how do I hang "
                "shelves without wrecking them",
                "You'll need masonry drill bits and wall plugs. Drill slowly on hammer mode, "
                "check for pipes and cables with a detector first, and use screws long enough for "
                "the load.",
                "do I need a special drill",
                "A basic hammer drill is enough for brick; an ordinary drill will struggle.",
            ]),
        ],
    },
    {
        "id": "dev_ss_03",
        "question": "what shoe size am I?",
        "answer": "44 (EU)",
        "asked": "2024/06/10 12:00",
        "sessions": [
            ("ans", "2024/05/03 20:20", [
                "*ordering hiking boots online, I'm a 44 in trainers. should I size up for boots?",
                "Often yes, or at least by half a size, to leave room for thicker socks and "
                "swelling on long walks. Check the brand's size guide and reviews, some run small.",
                "they don't do half sizes",
                "Then order both and return one if returns are free, and test them with your "
                "hiking socks on.",
            ]),
        ],
    },
    {
        "id": "dev_ss_04",
        "question": "what's the number of my allotment plot?",
        "answer": "17B",
        "asked": "2024/05/01 09:00",
        "sessions": [
            ("ans", "2024/02/28 16:30", [
                "*got the keys for allotment plot 17B today!! it's mostly brambles right now",
                "Congratulations! Tackle it in sections: cover half with cardboard or weed "
                "membrane to kill the weeds while you clear and plant the other half.",
                "the old tenant left a shed at least",
                "A shed is a huge bonus. Check the roof felt before the spring rain.",
            ]),
        ],
    },
]

TEMPORAL: list[dict] = [
    {
        "id": "dev_tr_01",
        "question": "how many days after the interview did Halcyon offer me the job?",
        "answer": "11 days (interview on 4 March 2024, offer on 15 March 2024)",
        "asked": "2024/04/01 09:00",
        "sessions": [
            ("ans", "2024/03/04 17:00", [
                "*just came out of the interview at Halcyon Design, I think it went ok?? they "
                "said they'd be in touch",
                "Sounds promising! Send a short thank-you email today that mentions something "
                "specific from the conversation.",
                "doing that now",
                "Good luck!",
            ]),
            ("ans", "2024/03/15 12:30", [
                "*THEY OFFERED ME THE JOB. Halcyon called at lunch",
                "Congratulations!! That's brilliant news. Take a day to read the offer properly "
                "before accepting.",
                "should I negotiate",
                "It's reasonable to ask politely whether there's any flexibility, especially if "
                "you have a figure in mind based on market rates.",
            ]),
        ],
    },
    {
        "id": "dev_tr_02",
        "question": "how long ago did I get my braces off?",
        "answer": "12 weeks ago (9 February 2024)",
        "asked": "2024/05/03 18:00",
        "sessions": [
            ("ans", "2024/02/09 16:00", [
                "*BRACES OFF TODAY. I keep licking my teeth, they feel so slippery",
                "Congratulations! That smooth feeling is amazing. Wear your retainer exactly as "
                "told, teeth try to drift back at first.",
                "every night forever apparently",
                "Sadly yes for most people, but it becomes a habit quickly.",
            ]),
        ],
    },
    {
        "id": "dev_tr_03",
        "question": "which came first, my tattoo or the skydive? how far apart were they?",
        "answer": "The tattoo came first (8 June 2024), 7 weeks before the skydive (27 July 2024)",
        "asked": "2024/08/15 20:00",
        "sessions": [
            ("ans", "2024/06/08 17:20", [
                "*got my first tattoo this afternoon, a little swallow on my ankle. it hurt less "
                "than I expected",
                "Congrats! Keep it clean, moisturise lightly and keep it out of the sun while it "
                "heals.",
                "how long till I can swim",
                "Usually two to four weeks, once it's fully healed and not scabbing.",
            ]),
            ("ans", "2024/07/27 19:00", [
                "*I DID A SKYDIVE TODAY. tandem from 13,000 feet. I screamed the entire way down",
                "That's incredible! How did the landing feel?",
                "like sliding on my bum across a field",
                "Classic tandem landing. You'll be buzzing for days.",
            ]),
        ],
    },
    {
        "id": "dev_tr_04",
        "question": "how long has it been since I quit smoking?",
        "answer": "10 weeks (quit on 14 April 2024)",
        "asked": "2024/06/23 21:00",
        "sessions": [
            ("ans", "2024/04/14 21:00", [
                "*day one without cigarettes. threw the last pack in the bin this morning and I "
                "already want to dig it out",
                "You've got this, the first few days are the hardest. Keep your hands busy, drink "
                "lots of water, and remember each craving passes within a few minutes.",
                "nicotine gum any good?",
                "It helps many people, especially with support alongside. A pharmacist can advise "
                "on the right strength.",
            ]),
            ("topic", "2024/05/19 20:30", [
                "my boyfriend still smokes and it's making this so hard",
                "That's tough. Ask him to smoke outside, away from you, and to keep his "
                "cigarettes out of sight.",
                "he says he'll quit when I've done 3 months",
                "Maybe that can become a shared goal, so you can support each other.",
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
    assert all(e["question_id"].startswith("dev_") for e in entries), "ids must start with dev_"
    assert all(q["id"].endswith("_abs") for q in ABSTENTIONS), "abstention id without _abs"
    absent = {q["id"]: q.get("absent", []) for q in ABSTENTIONS}
    warnings = hand_probes.check(entries, FILLERS, absent)
    hand_probes.write(entries, warnings, OUT, strict=True)


if __name__ == "__main__":
    main()
