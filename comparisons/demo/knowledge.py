"""Demo knowledge base: authors, topics, industries, concepts, use-cases, facts and comparisons."""

AUTHORS = [
    {
        "slug": "ana-ruiz",
        "name": "Ana Ruiz",
        "bio": (
            "Ana Ruiz worked for eight years as a data scientist on public-health projects "
            "before moving into explanatory writing. She covers machine learning fundamentals, "
            "model evaluation and the generative models behind today's image tools."
        ),
    },
    {
        "slug": "tomas-okafor",
        "name": "Tomás Okafor",
        "bio": (
            "Tomás Okafor is a software engineer who has built search and recommendation "
            "systems for online retailers. He writes about language models in production, "
            "retrieval and what it takes to run AI features reliably."
        ),
    },
    {
        "slug": "mei-lin-chen",
        "name": "Mei-Lin Chen",
        "bio": (
            "Mei-Lin Chen has a research background in computer vision and medical imaging. "
            "She explains how neural networks learn, with a focus on deep learning "
            "architectures and their use in science and healthcare."
        ),
    },
    {
        "slug": "jonas-berg",
        "name": "Jonas Berg",
        "bio": (
            "Jonas Berg reports on how organisations adopt AI and how it affects workers, "
            "students and the public. He previously covered technology policy and is "
            "interested in regulation, accountability and the limits of automation."
        ),
    },
]

TOPICS = [
    {
        "slug": "machine-learning",
        "name": "Machine learning",
        "description": (
            "How computers learn patterns from data instead of following hand-written rules, "
            "from basic models and training methods to evaluation and common pitfalls."
        ),
    },
    {
        "slug": "deep-learning",
        "name": "Deep learning",
        "description": (
            "Neural networks with many layers: how they are built and trained, and the "
            "architectures behind modern language, image and generative models."
        ),
    },
    {
        "slug": "data-science",
        "name": "Data science",
        "description": (
            "Collecting, cleaning and analysing data to answer questions, including the "
            "training data that shapes what models learn."
        ),
    },
    {
        "slug": "ai-in-business",
        "name": "AI in business",
        "description": (
            "How companies and public services put AI to work, what it costs, what it "
            "delivers in practice and where it falls short."
        ),
    },
    {
        "slug": "ai-and-society",
        "name": "AI and society",
        "description": (
            "The wider effects of AI on work, education, culture and public life, including "
            "questions of fairness, safety, copyright and regulation."
        ),
    },
]

INDUSTRIES = [
    {
        "slug": "healthcare",
        "name": "Healthcare",
        "description": (
            "Hospitals, clinics, researchers and drug developers working to diagnose, treat "
            "and prevent illness."
        ),
    },
    {
        "slug": "entertainment",
        "name": "Entertainment",
        "description": (
            "Film, television, music, games and streaming services that create and deliver "
            "content for audiences."
        ),
    },
    {
        "slug": "education",
        "name": "Education",
        "description": (
            "Schools, universities and learning platforms that teach, assess and support "
            "students."
        ),
    },
    {
        "slug": "finance",
        "name": "Finance",
        "description": (
            "Banks, insurers, payment providers and investment firms that move, lend and "
            "manage money."
        ),
    },
    {
        "slug": "retail",
        "name": "Retail",
        "description": (
            "Shops and online stores that plan stock, market products and serve customers."
        ),
    },
    {
        "slug": "software-development",
        "name": "Software development",
        "description": (
            "Teams that design, write, test and operate software, from start-ups to large "
            "engineering organisations."
        ),
    },
]

CONCEPTS = [
    {
        "slug": "machine-learning",
        "name": "Machine learning",
        "definition": (
            "Machine learning is a field of computing in which systems get better at a task by "
            "finding patterns in data, rather than by following rules a programmer wrote out."
        ),
        "explanation": (
            "Traditional software follows instructions that a programmer writes down step by "
            "step. Machine learning takes a different route: you show a program many examples, "
            "and it adjusts the internal settings of a model until its outputs fit the "
            "patterns in those examples. The result is a model that can make predictions "
            "about new cases it has never seen.\n\n"
            "## Main styles of learning\n\n"
            "In **supervised learning**, each example comes with the right answer, such as an "
            "email labelled as spam or not spam. In **unsupervised learning** there are no "
            "labels, and the goal is to find structure, such as groups of similar customers. "
            "In **reinforcement learning**, an agent learns by trial and error, guided by "
            "rewards and penalties.\n\n"
            "## Why it matters\n\n"
            "Many useful tasks, such as spotting fraudulent payments, forecasting demand or "
            "ranking search results, are too fuzzy to capture in hand-written rules but leave "
            "plenty of examples behind. Machine learning turns those examples into working "
            "systems. Its quality depends heavily on the data: a model trained on incomplete "
            "or skewed examples will repeat those gaps, and it can fail quietly when the world "
            "changes after it was trained."
        ),
        "aliases": "ML",
        "family": "Foundations",
    },
    {
        "slug": "deep-learning",
        "name": "Deep learning",
        "definition": (
            "Deep learning is a branch of machine learning that uses neural networks with many "
            "layers to learn useful representations directly from raw data such as pixels, "
            "sound or text."
        ),
        "explanation": (
            "Older machine learning methods often relied on people to design the features a "
            "model looks at, for example by measuring edges and corners in an image before a "
            "classifier ever sees it. Deep learning hands that work to the model. A deep "
            "neural network stacks many layers, and each layer transforms the output of the "
            "one before, so early layers pick up simple patterns and later layers combine "
            "them into more abstract ones.\n\n"
            "## What made it take off\n\n"
            "The core ideas are decades old, but deep learning became practical around 2012, "
            "when three things came together: large labelled datasets, graphics processors "
            "fast enough to train big networks, and better training techniques. Since then it "
            "has driven most of the progress in image recognition, speech recognition and "
            "machine translation and, more recently, generative AI.\n\n"
            "## Trade-offs\n\n"
            "Deep models usually need a lot of data and computing power, and it is hard to "
            "explain why a particular prediction was made. For small tables of structured "
            "data, simpler methods such as gradient-boosted decision trees often perform as "
            "well or better, at a fraction of the cost."
        ),
        "aliases": "DL, deep neural networks",
        "family": "Foundations",
    },
    {
        "slug": "neural-network",
        "name": "Neural network",
        "definition": (
            "A neural network is a model made of layers of simple connected units whose "
            "weights are tuned from data, loosely inspired by the way neurons in the brain "
            "pass signals."
        ),
        "explanation": (
            "Each unit in a neural network takes in numbers, multiplies each one by a weight, "
            "adds them up and passes the total through a simple non-linear function. Units "
            "are arranged in layers: an input layer receives the data, one or more hidden "
            "layers transform it, and an output layer produces the answer, such as the "
            "probability that a photo shows a cat.\n\n"
            "## How it learns\n\n"
            "Training starts with random weights. The network makes a prediction, a loss "
            "function measures how wrong it was, and an algorithm called backpropagation "
            "works out how much each weight contributed to the error. Gradient descent then "
            "nudges every weight slightly in the direction that reduces the error. Repeated "
            "over many examples, these small adjustments add up to a useful model.\n\n"
            "## Many shapes\n\n"
            "Different arrangements suit different data. Convolutional networks reuse the "
            "same small filters across an image and are good at visual patterns. Recurrent "
            "networks process sequences one step at a time. Transformers use attention to "
            "relate all parts of a sequence at once. The brain analogy is loose: artificial "
            "units are far simpler than biological neurons, and networks do not learn the way "
            "people do."
        ),
        "aliases": "neural net, artificial neural network, ANN, neural networks",
        "family": "Foundations",
    },
    {
        "slug": "generative-ai",
        "name": "Generative AI",
        "definition": (
            "Generative AI refers to AI systems that create new content, such as text, images, "
            "audio, video or code, by learning the patterns in existing examples and producing "
            "new material that follows them."
        ),
        "explanation": (
            "Most earlier AI systems were built to classify or predict: is this transaction "
            "fraudulent, what will sales be next week? Generative AI instead produces "
            "something new, such as a paragraph, a picture, a melody or a block of code, "
            "usually in response to a prompt.\n\n"
            "## How it works\n\n"
            "A generative model learns the statistical patterns of its training data well "
            "enough to produce fresh samples that resemble it. Several families of models do "
            "this in different ways. Large language models write text one token at a time. "
            "Diffusion models start from random noise and remove it step by step to form an "
            "image. Generative adversarial networks train a generator against a critic. "
            "Variational autoencoders learn a compressed space from which new samples can be "
            "drawn.\n\n"
            "## What to keep in mind\n\n"
            "Generative AI is an umbrella term, not a single technology. Its outputs can be "
            "fluent and convincing yet wrong, so they need checking wherever accuracy "
            "matters. There are also open questions about the data these systems learn from, "
            "including copyright and consent, and about their use to produce misleading "
            "images, voices and text."
        ),
        "aliases": "GenAI, gen AI, generative artificial intelligence",
        "family": "Generative models",
    },
    {
        "slug": "large-language-model",
        "name": "Large language model",
        "definition": (
            "A large language model is a neural network, usually a transformer, trained on "
            "vast amounts of text to predict the next token, which lets it generate and work "
            "with natural language."
        ),
        "explanation": (
            "At its core, a large language model does one thing: given some text, it "
            "estimates which token (a word or a piece of a word) is likely to come next. "
            "Writing a reply means repeating that step, adding each chosen token and "
            "predicting again. Trained with billions of parameters on a large share of the "
            "public web, books and code, these models pick up grammar, facts, styles and some "
            "reasoning patterns as a side effect of that simple objective.\n\n"
            "## From predictor to assistant\n\n"
            "A model fresh from pre-training simply continues text; it does not reliably "
            "follow instructions. Chat assistants are then fine-tuned on examples of helpful "
            "answers and adjusted further using human feedback, so that they respond to "
            "requests, decline some, and keep a conversational tone.\n\n"
            "## Strengths and weaknesses\n\n"
            "LLMs can summarise, translate, draft, classify and write code without "
            "task-specific training, often from a prompt alone. But they have no built-in way "
            "to check facts, so they can produce confident, plausible errors, often called "
            "hallucinations. Their knowledge also stops at a training cut-off unless fresh "
            "information is supplied, for example through retrieval-augmented generation."
        ),
        "aliases": "LLM, LLMs, large language models",
        "family": "Generative models",
    },
    {
        "slug": "transformer",
        "name": "Transformer",
        "definition": (
            "The transformer is a neural network architecture, introduced in 2017, that "
            "processes a whole sequence at once and uses attention to let each element weigh "
            "how relevant every other element is."
        ),
        "explanation": (
            "Before 2017, most language models used recurrent networks that read text one "
            "word at a time while carrying a running memory forward. That made training slow "
            "and made it hard to connect words that are far apart. The paper \"Attention Is "
            "All You Need\" proposed dropping recurrence entirely and relying on attention "
            "instead.\n\n"
            "## How it is built\n\n"
            "Input is split into tokens and turned into vectors, with positional information "
            "added so the model knows the order. Each transformer layer then has two main "
            "parts: a self-attention step, in which every token gathers information from the "
            "others, and a small feed-forward network applied to each token separately. Many "
            "such layers are stacked. The original design had an encoder, which reads the "
            "input, and a decoder, which writes the output; many later models keep only one "
            "of the two.\n\n"
            "## Why it spread\n\n"
            "Because all positions are processed in parallel, transformers train efficiently "
            "on modern hardware and scale well to huge datasets. They now underpin large "
            "language models, BERT-style encoders, many speech and image models, and parts of "
            "many diffusion systems. Their main cost is that standard attention grows with "
            "the square of the sequence length."
        ),
        "aliases": "transformer model, transformers, transformer architecture",
        "family": "Model architectures",
    },
    {
        "slug": "attention-mechanism",
        "name": "Attention mechanism",
        "definition": (
            "An attention mechanism lets a neural network decide, for each part of its input, "
            "which other parts are most relevant, and combine information from them in "
            "proportion to that relevance."
        ),
        "explanation": (
            "Consider the sentence \"The dog did not cross the road because it was too "
            "tired.\" To understand \"it\", you look back at \"dog\". Attention gives a neural "
            "network a way to do something similar, learned from data rather than "
            "programmed.\n\n"
            "## How it works\n\n"
            "In the form used by transformers, each token produces three vectors: a query, a "
            "key and a value. One token's query is compared with the keys of all tokens to "
            "give scores, the scores are turned into weights that add up to one, and the "
            "token's new representation is the weighted mix of the values. When queries, "
            "keys and values all come from the same sequence, this is called self-attention. "
            "Transformers run several attention operations side by side, known as multi-head "
            "attention, so that different heads can track different kinds of "
            "relationships.\n\n"
            "## Background\n\n"
            "Attention became popular in 2014 and 2015 as an add-on to recurrent networks for "
            "machine translation, letting the model look back at the most relevant source "
            "words while writing each translated word. The transformer made it the central "
            "building block. Attention weights are sometimes presented as explanations of a "
            "model's behaviour, but they are only a partial guide to what drives its output."
        ),
        "aliases": "attention, self-attention, multi-head attention",
        "family": "Techniques",
    },
    {
        "slug": "generative-adversarial-network",
        "name": "Generative adversarial network",
        "definition": (
            "A generative adversarial network is a generative model in which two neural "
            "networks, a generator and a discriminator, are trained against each other until "
            "the generator's output looks real."
        ),
        "explanation": (
            "Introduced by Ian Goodfellow and colleagues in 2014, a GAN sets up a contest. "
            "The generator takes random noise and tries to turn it into a convincing sample, "
            "such as a photo of a face. The discriminator sees a mix of real examples and "
            "generated ones and tries to tell them apart. Each network's progress is the "
            "other's training signal: as the discriminator gets better at spotting fakes, the "
            "generator is pushed to produce more realistic output.\n\n"
            "## Strengths\n\n"
            "Once trained, a GAN produces an image in a single pass through the generator, "
            "which makes it fast. Models such as StyleGAN reached photo-realistic faces at "
            "high resolution, and GANs have been widely used for image-to-image tasks such as "
            "turning sketches into photos, sharpening low-resolution images and transferring "
            "styles.\n\n"
            "## Weaknesses\n\n"
            "Training is notoriously unstable, because two networks must stay in balance. A "
            "common failure is mode collapse, in which the generator finds a few outputs "
            "that fool the discriminator and keeps producing them, losing variety. GANs also "
            "give no direct measure of how likely a sample is, which makes them hard to "
            "evaluate. For many image-generation tasks diffusion models have largely taken "
            "over, though GANs remain in use where speed matters."
        ),
        "aliases": "GAN, GANs, generative adversarial networks",
        "family": "Generative models",
    },
    {
        "slug": "variational-autoencoder",
        "name": "Variational autoencoder",
        "definition": (
            "A variational autoencoder is a generative model that learns to compress data "
            "into a smooth, probabilistic latent space and to decode points from that space "
            "back into realistic examples."
        ),
        "explanation": (
            "A plain autoencoder squeezes data through a narrow bottleneck and learns to "
            "rebuild it. That is useful for compression but not for creating new examples, "
            "because the compressed codes can end up scattered in unpredictable ways. A "
            "variational autoencoder, proposed by Diederik Kingma and Max Welling in 2013, "
            "fixes this by making the code probabilistic.\n\n"
            "## How it works\n\n"
            "The encoder maps each input not to a single point but to a distribution, "
            "described by a mean and a spread, in a lower-dimensional latent space. A sample "
            "is drawn from that distribution and passed to the decoder, which tries to "
            "reconstruct the original. Training balances two goals: rebuild the input well, "
            "and keep the latent distributions close to a simple standard shape, usually a "
            "normal distribution. A step called the reparameterisation trick makes the "
            "random sampling compatible with gradient-based training.\n\n"
            "## What you get\n\n"
            "Because the latent space is smooth and organised, you can sample random points "
            "to create new data, or move between two points to blend examples. VAEs train "
            "stably, but their samples are often blurrier than those of GANs or diffusion "
            "models. Today they are often used as components, for example to compress images "
            "for latent diffusion models."
        ),
        "aliases": "VAE, VAEs, variational autoencoders",
        "family": "Generative models",
    },
    {
        "slug": "diffusion-model",
        "name": "Diffusion model",
        "definition": (
            "A diffusion model is a generative model that learns to turn random noise into "
            "realistic data by reversing a gradual noising process, one small denoising step "
            "at a time."
        ),
        "explanation": (
            "Imagine taking a photo and adding a little static to it, again and again, until "
            "only noise is left. That forward process is easy and needs no learning. A "
            "diffusion model learns the reverse: given a noisy image and a note of how noisy "
            "it is, predict the noise so that some of it can be removed. To generate "
            "something new, the model starts from pure noise and applies this denoising step "
            "many times, gradually revealing an image.\n\n"
            "## Following a prompt\n\n"
            "To follow a text prompt, the denoising network also receives an encoding of the "
            "text, usually produced by a transformer-based text encoder. Many systems work in "
            "a compressed latent space rather than on raw pixels, which cuts computing costs; "
            "this is the idea behind latent diffusion models such as Stable Diffusion.\n\n"
            "## Trade-offs\n\n"
            "Diffusion models train more stably than GANs and capture the variety of their "
            "training data well, which is why they became the leading approach to image "
            "generation from around 2021. Their main drawback is speed: producing one sample "
            "can take tens to hundreds of network passes, although faster samplers and "
            "distillation methods have reduced this considerably. The same approach is now "
            "used for audio, video and molecule design."
        ),
        "aliases": "diffusion models, denoising diffusion model, DDPM, latent diffusion model",
        "family": "Generative models",
    },
    {
        "slug": "bert-style-encoder",
        "name": "BERT-style encoder",
        "definition": (
            "A BERT-style encoder is a transformer that reads a whole text at once, in both "
            "directions, to produce rich numeric representations used for understanding tasks "
            "rather than for writing text."
        ),
        "explanation": (
            "BERT, released by Google researchers in 2018, showed that a transformer encoder "
            "pre-trained on large amounts of unlabelled text could be fine-tuned to set new "
            "records on a wide range of language-understanding benchmarks. \"BERT-style\" "
            "covers the family it inspired, including RoBERTa, DistilBERT and many versions "
            "specialised for fields such as medicine, law and finance.\n\n"
            "## How it is trained\n\n"
            "The main pre-training task is masked language modelling: some words in a "
            "sentence are hidden, and the model must predict them from the words on both "
            "sides. Because every token can attend to context on its left and its right, the "
            "model builds representations that capture meaning in context, so \"bank\" next "
            "to \"river\" ends up represented differently from \"bank\" next to \"loan\".\n\n"
            "## How it is used\n\n"
            "An encoder does not write text. Instead, its output vectors feed a small "
            "task-specific layer, which is fine-tuned to classify sentiment, tag names in "
            "text, judge whether two sentences match, or find the answer to a question in a "
            "passage. Related models are trained to produce sentence embeddings for semantic "
            "search and for the retrieval step of retrieval-augmented generation. Encoders "
            "are much smaller and cheaper to run than large language models, which keeps them "
            "popular in production systems."
        ),
        "aliases": "BERT, BERT encoder, encoder-only transformer, RoBERTa",
        "family": "Model architectures",
    },
    {
        "slug": "retrieval-augmented-generation",
        "name": "Retrieval-augmented generation",
        "definition": (
            "Retrieval-augmented generation is a technique in which a system first looks up "
            "relevant documents and then passes them to a language model, so that its answer "
            "is grounded in that material."
        ),
        "explanation": (
            "A large language model only knows what was in its training data, which may be "
            "out of date, and it has never seen an organisation's private documents. "
            "Retrieval-augmented generation addresses this without retraining the model. "
            "When a question comes in, a retriever searches a collection of documents for the "
            "passages most relevant to it. Those passages are inserted into the prompt, and "
            "the model is asked to answer using them.\n\n"
            "## The usual pipeline\n\n"
            "Documents are split into chunks, and each chunk is turned into an embedding, a "
            "list of numbers that captures its meaning, often with a BERT-style encoder. The "
            "embeddings are stored in an index. At question time, the question is embedded "
            "too, the closest chunks are retrieved, sometimes combined with ordinary keyword "
            "search, and the model writes an answer, ideally citing the passages it used.\n\n"
            "## Limits\n\n"
            "RAG reduces made-up answers but does not eliminate them. If retrieval returns "
            "the wrong passages, the answer will be wrong or incomplete, and the model may "
            "still ignore or misread the material it was given. Quality depends on how "
            "documents are split, how search is tuned and how current the index is. The term "
            "comes from a 2020 paper by Patrick Lewis and colleagues."
        ),
        "aliases": "RAG, retrieval augmented generation",
        "family": "Techniques",
    },
]

RELATIONS = [
    ("deep-learning", "kind_of", "machine-learning"),
    ("deep-learning", "built_on", "neural-network"),
    ("neural-network", "related", "machine-learning"),
    ("generative-ai", "built_on", "deep-learning"),
    ("large-language-model", "kind_of", "generative-ai"),
    ("large-language-model", "built_on", "transformer"),
    ("transformer", "kind_of", "neural-network"),
    ("transformer", "built_on", "attention-mechanism"),
    ("attention-mechanism", "related", "neural-network"),
    ("generative-adversarial-network", "kind_of", "generative-ai"),
    ("generative-adversarial-network", "built_on", "neural-network"),
    ("variational-autoencoder", "kind_of", "generative-ai"),
    ("variational-autoencoder", "built_on", "neural-network"),
    ("diffusion-model", "kind_of", "generative-ai"),
    ("diffusion-model", "built_on", "neural-network"),
    ("bert-style-encoder", "built_on", "transformer"),
    ("bert-style-encoder", "related", "large-language-model"),
    ("retrieval-augmented-generation", "built_on", "large-language-model"),
    ("retrieval-augmented-generation", "related", "bert-style-encoder"),
    ("generative-adversarial-network", "related", "variational-autoencoder"),
    ("diffusion-model", "related", "generative-adversarial-network"),
    ("diffusion-model", "related", "variational-autoencoder"),
]

USE_CASES = [
    # Healthcare
    {
        "concept": "deep-learning",
        "industry": "healthcare",
        "title": "Screening retinal photos for diabetic eye disease",
        "text": (
            "Deep learning models examine photos of the back of the eye and flag signs of "
            "diabetic retinopathy, so clinics can screen more patients and refer the urgent "
            "cases sooner. Accuracy can drop on images from different cameras or patient "
            "groups, so results need local validation and a clinician in the loop."
        ),
        "months_ago": 4,
    },
    {
        "concept": "large-language-model",
        "industry": "healthcare",
        "title": "Drafting clinical notes from the consultation",
        "text": (
            "Language models turn a recorded doctor-patient conversation into a draft visit "
            "note, cutting the time clinicians spend typing after hours. The draft can omit "
            "details or add ones that were never said, so the clinician must review and sign "
            "off every note."
        ),
        "months_ago": 1,
    },
    {
        "concept": "generative-adversarial-network",
        "industry": "healthcare",
        "title": "Synthetic scans to supplement scarce training data",
        "text": (
            "GANs generate realistic synthetic medical images, such as scans showing rare "
            "conditions, to enlarge small training sets for diagnostic models. Synthetic "
            "images can miss subtle real-world features, so models must still be tested on "
            "real patient data."
        ),
        "months_ago": 15,
    },
    {
        "concept": "diffusion-model",
        "industry": "healthcare",
        "title": "Designing candidate proteins for drug research",
        "text": (
            "Diffusion models adapted to 3D structures propose new protein shapes that could "
            "bind to a chosen target, giving researchers a much larger pool of candidates "
            "to consider. Most designs still fail in the lab, so this speeds up the search "
            "rather than replacing experiments."
        ),
        "months_ago": 6,
    },
    {
        "concept": "retrieval-augmented-generation",
        "industry": "healthcare",
        "title": "Answering clinicians' questions from approved guidelines",
        "text": (
            "A RAG assistant searches a hospital's approved guidelines and drug references "
            "and answers with citations, so staff can check the source in seconds. It is "
            "only as reliable as the documents it retrieves, and it should not be used for "
            "decisions without that check."
        ),
        "months_ago": 2,
    },
    {
        "concept": "machine-learning",
        "industry": "healthcare",
        "title": "Early warning scores for patients at risk of deterioration",
        "text": (
            "Models trained on vital signs and lab results estimate which hospital patients "
            "are likely to deteriorate, prompting earlier review by staff. Too many false "
            "alarms lead to alert fatigue, and models can perform unevenly across patient "
            "groups."
        ),
        "months_ago": 9,
    },
    # Entertainment
    {
        "concept": "machine-learning",
        "industry": "entertainment",
        "title": "Personalised recommendations on streaming services",
        "text": (
            "Recommendation models learn from viewing and listening histories to suggest "
            "what each person is likely to enjoy next, helping people find content in huge "
            "catalogues. They tend to favour what is already popular or familiar, which can "
            "narrow what users discover."
        ),
        "months_ago": 3,
    },
    {
        "concept": "diffusion-model",
        "industry": "entertainment",
        "title": "Rapid concept art and storyboard sketches",
        "text": (
            "Art teams use text-to-image diffusion models to explore many visual directions "
            "for characters, sets and scenes early in a project. The results are starting "
            "points rather than final assets, and questions about the artwork used for "
            "training remain unresolved."
        ),
        "months_ago": 5,
    },
    {
        "concept": "generative-adversarial-network",
        "industry": "entertainment",
        "title": "Upscaling and restoring old footage and game textures",
        "text": (
            "GAN-based super-resolution models sharpen low-resolution video and textures, "
            "which is useful for remasters of older films and games. They can invent fine "
            "detail that was never in the original, so restorers review the output "
            "closely."
        ),
        "months_ago": 18,
    },
    {
        "concept": "large-language-model",
        "industry": "entertainment",
        "title": "Unscripted dialogue for game characters",
        "text": (
            "Some games let players talk freely with characters whose replies are generated "
            "by a language model within limits set by the writers. Keeping characters "
            "consistent, on-story and free of inappropriate content is hard, and running the "
            "model adds cost."
        ),
        "months_ago": 7,
    },
    {
        "concept": "variational-autoencoder",
        "industry": "entertainment",
        "title": "Blending melodies for music composition tools",
        "text": (
            "Music tools based on VAEs encode short melodies and rhythms into a latent space, "
            "letting composers generate variations or morph smoothly between two musical "
            "ideas. Output tends to be short and simple, so it serves as a sketchpad rather "
            "than a finished piece."
        ),
        "months_ago": 14,
    },
    {
        "concept": "transformer",
        "industry": "entertainment",
        "title": "Automatic subtitles and translated captions",
        "text": (
            "Transformer-based speech recognition and translation models produce subtitles "
            "in many languages, making films and videos accessible to wider audiences at low "
            "cost. Names, slang and overlapping speech still cause errors, so professional "
            "releases are checked by people."
        ),
        "months_ago": 2,
    },
    # Education
    {
        "concept": "large-language-model",
        "industry": "education",
        "title": "Step-by-step tutoring and practice questions",
        "text": (
            "Language-model tutors explain topics in different ways, answer follow-up "
            "questions and generate practice exercises at any hour. They can give confident "
            "but wrong explanations, and they raise concerns about students outsourcing "
            "their work."
        ),
        "months_ago": 1,
    },
    {
        "concept": "retrieval-augmented-generation",
        "industry": "education",
        "title": "Course assistants that answer from the syllabus",
        "text": (
            "A RAG assistant answers students' questions using a course's own syllabus, "
            "lecture notes and readings, and points to the relevant section. This keeps "
            "answers aligned with what is taught, but gaps in the materials still lead to "
            "weak answers."
        ),
        "months_ago": 4,
    },
    {
        "concept": "bert-style-encoder",
        "industry": "education",
        "title": "Supporting the marking of short written answers",
        "text": (
            "Fine-tuned encoders compare students' short answers with model answers and "
            "suggest a score, which helps teachers mark large batches consistently. They can "
            "be misled by unusual but correct phrasing, so teachers keep the final say."
        ),
        "months_ago": 10,
    },
    {
        "concept": "machine-learning",
        "industry": "education",
        "title": "Spotting students who may be falling behind",
        "text": (
            "Models trained on attendance, grades and online activity flag students who may "
            "be at risk of failing or dropping out, so advisers can reach out early. Such "
            "predictions raise privacy questions and can reflect existing inequalities in "
            "the data."
        ),
        "months_ago": 8,
    },
    {
        "concept": "generative-ai",
        "industry": "education",
        "title": "Adapting materials for different reading levels",
        "text": (
            "Teachers use generative tools to rewrite texts at simpler reading levels, draft "
            "image descriptions and produce versions in other languages. This saves "
            "preparation time, but simplified texts can lose nuance or introduce errors and "
            "need a teacher's review."
        ),
        "months_ago": 3,
    },
    # Finance
    {
        "concept": "machine-learning",
        "industry": "finance",
        "title": "Detecting fraudulent card transactions in real time",
        "text": (
            "Models score each payment for signs of fraud within milliseconds, using "
            "patterns learned from past transactions. Fraudsters adapt, so models need "
            "frequent retraining, and false positives frustrate legitimate customers."
        ),
        "months_ago": 2,
    },
    {
        "concept": "variational-autoencoder",
        "industry": "finance",
        "title": "Flagging unusual activity by reconstruction error",
        "text": (
            "A VAE trained on normal account activity reconstructs typical behaviour well "
            "and unusual behaviour poorly, so high reconstruction error marks cases for "
            "review. Unusual does not always mean suspicious, and analysts must still "
            "investigate each alert."
        ),
        "months_ago": 11,
    },
    {
        "concept": "large-language-model",
        "industry": "finance",
        "title": "Summarising company filings and earnings calls",
        "text": (
            "Analysts use language models to summarise long reports and call transcripts and "
            "to pull out key statements, saving reading time. Figures and quotes in the "
            "summary must be checked against the source, because models can misstate "
            "numbers."
        ),
        "months_ago": 5,
    },
    {
        "concept": "bert-style-encoder",
        "industry": "finance",
        "title": "Classifying the tone of financial news",
        "text": (
            "Encoders fine-tuned on financial text, such as FinBERT, label news and reports "
            "as positive, negative or neutral, giving analysts a fast signal across "
            "thousands of articles. Sentiment is a rough indicator and misses context such "
            "as sarcasm or expectations already priced in."
        ),
        "months_ago": 11,
    },
    {
        "concept": "generative-adversarial-network",
        "industry": "finance",
        "title": "Synthetic customer records for testing systems",
        "text": (
            "GANs adapted to tables of data generate synthetic customer records that keep "
            "the overall statistics of the real ones, for testing software and sharing with "
            "partners. Synthetic data is not automatically private, since models can leak "
            "details of real records."
        ),
        "months_ago": 9,
    },
    {
        "concept": "neural-network",
        "industry": "finance",
        "title": "Credit risk scoring with neural networks",
        "text": (
            "Lenders use neural networks alongside traditional scorecards to estimate how "
            "likely an applicant is to repay, capturing patterns simpler models miss. Because "
            "lenders often must explain decisions to applicants and regulators, opaque "
            "models need extra explanation tools and oversight."
        ),
        "months_ago": 6,
    },
    # Retail
    {
        "concept": "machine-learning",
        "industry": "retail",
        "title": "Forecasting demand to plan stock",
        "text": (
            "Forecasting models combine sales history, seasonality, promotions and weather "
            "to predict demand for each product and store, reducing both empty shelves and "
            "waste. Sudden events such as supply shocks or viral trends can make forecasts "
            "badly wrong."
        ),
        "months_ago": 4,
    },
    {
        "concept": "bert-style-encoder",
        "industry": "retail",
        "title": "Product search that understands meaning, not just keywords",
        "text": (
            "Encoders turn both search queries and product descriptions into embeddings, so "
            "a search for \"warm jacket for hiking\" finds relevant items even without exact "
            "word matches. Semantic search can miss precise requirements such as sizes or "
            "model numbers, so it is often combined with keyword search."
        ),
        "months_ago": 3,
    },
    {
        "concept": "generative-ai",
        "industry": "retail",
        "title": "Drafting product descriptions at scale",
        "text": (
            "Retailers generate first drafts of product descriptions from specification "
            "sheets, speeding up the listing of large catalogues. Generated text can invent "
            "features or materials, so descriptions need checking against the real product."
        ),
        "months_ago": 7,
    },
    {
        "concept": "diffusion-model",
        "industry": "retail",
        "title": "Lifestyle images for product listings",
        "text": (
            "Diffusion-based image editing places product photos into new settings and "
            "backgrounds, reducing the need for costly photo shoots. The product itself must "
            "be shown accurately, as altered colours or details mislead customers and lead "
            "to returns."
        ),
        "months_ago": 2,
    },
    {
        "concept": "retrieval-augmented-generation",
        "industry": "retail",
        "title": "Customer service answers grounded in store policies",
        "text": (
            "Support chatbots retrieve the relevant return policy, delivery terms or order "
            "details before answering, which keeps replies consistent with actual rules. "
            "When the right information is not found, the bot should hand over to a person "
            "rather than guess."
        ),
        "months_ago": 1,
    },
    # Software development
    {
        "concept": "large-language-model",
        "industry": "software-development",
        "title": "Code completion and generation in the editor",
        "text": (
            "Coding assistants suggest the next lines of code or write whole functions from "
            "a comment, speeding up routine work. Suggestions can contain subtle bugs or "
            "security flaws, so they need the same review and testing as code written by "
            "hand."
        ),
        "months_ago": 1,
    },
    {
        "concept": "retrieval-augmented-generation",
        "industry": "software-development",
        "title": "Answering questions about internal code and documentation",
        "text": (
            "Assistants that retrieve from a company's own repositories, design documents "
            "and runbooks help engineers find how internal systems work. Outdated documents "
            "in the index produce outdated answers, so the index must be kept current."
        ),
        "months_ago": 5,
    },
    {
        "concept": "bert-style-encoder",
        "industry": "software-development",
        "title": "Searching code by describing what it does",
        "text": (
            "Encoders trained on code and text, such as CodeBERT, map natural-language "
            "queries and code snippets into the same space, so developers can find functions "
            "by describing them. Results are suggestions that still need reading, as similar "
            "descriptions can match quite different code."
        ),
        "months_ago": 16,
    },
    {
        "concept": "machine-learning",
        "industry": "software-development",
        "title": "Detecting anomalies in production logs and metrics",
        "text": (
            "Models learn the normal patterns of a system's metrics and logs and alert "
            "engineers when behaviour departs from them, often before users notice a "
            "problem. Normal patterns shift after releases and traffic changes, which can "
            "cause noisy alerts."
        ),
        "months_ago": 10,
    },
    {
        "concept": "generative-ai",
        "industry": "software-development",
        "title": "Drafting unit tests and documentation",
        "text": (
            "Developers use generative tools to draft unit tests and documentation from "
            "existing code, filling gaps that often get skipped under time pressure. "
            "Generated tests may simply confirm what the code currently does, including its "
            "bugs, so they need thoughtful review."
        ),
        "months_ago": 6,
    },
]

DIMENSIONS = [
    {
        "slug": "purpose",
        "name": "Purpose",
        "description": "What the concept is for: the problem it solves or the job it does.",
        "position": 1,
    },
    {
        "slug": "architecture",
        "name": "Architecture",
        "description": "How it is built: its main components and how they fit together.",
        "position": 2,
    },
    {
        "slug": "training-data",
        "name": "Training data",
        "description": "What data it learns from, roughly how much, and whether labels are needed.",
        "position": 3,
    },
    {
        "slug": "typical-outputs",
        "name": "Typical outputs",
        "description": "What it produces when used: the kind of result a person or system gets.",
        "position": 4,
    },
    {
        "slug": "applications",
        "name": "Applications",
        "description": "Where it is used in practice, with concrete examples.",
        "position": 5,
    },
    {
        "slug": "limitations",
        "name": "Limitations",
        "description": "Known weaknesses, risks and costs to weigh before relying on it.",
        "position": 6,
    },
]

_S = {
    "wiki-ml": {
        "title": "Machine learning",
        "url": "https://en.wikipedia.org/wiki/Machine_learning",
    },
    "wiki-supervised": {
        "title": "Supervised learning",
        "url": "https://en.wikipedia.org/wiki/Supervised_learning",
    },
    "wiki-overfitting": {
        "title": "Overfitting",
        "url": "https://en.wikipedia.org/wiki/Overfitting",
    },
    "wiki-dl": {
        "title": "Deep learning",
        "url": "https://en.wikipedia.org/wiki/Deep_learning",
    },
    "dl-book": {
        "title": "Deep Learning (Goodfellow, Bengio and Courville)",
        "url": "https://www.deeplearningbook.org/",
    },
    "nature-dl": {
        "title": "Deep learning (LeCun, Bengio and Hinton, Nature 2015)",
        "url": "https://www.nature.com/articles/nature14539",
    },
    "adversarial": {
        "title": "Explaining and Harnessing Adversarial Examples",
        "url": "https://arxiv.org/abs/1412.6572",
    },
    "wiki-nn": {
        "title": "Neural network (machine learning)",
        "url": "https://en.wikipedia.org/wiki/Neural_network_(machine_learning)",
    },
    "wiki-backprop": {
        "title": "Backpropagation",
        "url": "https://en.wikipedia.org/wiki/Backpropagation",
    },
    "wiki-genai": {
        "title": "Generative artificial intelligence",
        "url": "https://en.wikipedia.org/wiki/Generative_artificial_intelligence",
    },
    "foundation-models": {
        "title": "On the Opportunities and Risks of Foundation Models",
        "url": "https://arxiv.org/abs/2108.07258",
    },
    "wiki-hallucination": {
        "title": "Hallucination (artificial intelligence)",
        "url": "https://en.wikipedia.org/wiki/Hallucination_(artificial_intelligence)",
    },
    "wiki-llm": {
        "title": "Large language model",
        "url": "https://en.wikipedia.org/wiki/Large_language_model",
    },
    "gpt3": {
        "title": "Language Models are Few-Shot Learners",
        "url": "https://arxiv.org/abs/2005.14165",
    },
    "instructgpt": {
        "title": "Training language models to follow instructions with human feedback",
        "url": "https://arxiv.org/abs/2203.02155",
    },
    "aiayn": {
        "title": "Attention Is All You Need",
        "url": "https://arxiv.org/abs/1706.03762",
    },
    "vit": {
        "title": "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
        "url": "https://arxiv.org/abs/2010.11929",
    },
    "bahdanau": {
        "title": "Neural Machine Translation by Jointly Learning to Align and Translate",
        "url": "https://arxiv.org/abs/1409.0473",
    },
    "wiki-attention": {
        "title": "Attention (machine learning)",
        "url": "https://en.wikipedia.org/wiki/Attention_(machine_learning)",
    },
    "attention-not-explanation": {
        "title": "Attention is not Explanation",
        "url": "https://arxiv.org/abs/1902.10186",
    },
    "gan": {
        "title": "Generative Adversarial Networks",
        "url": "https://arxiv.org/abs/1406.2661",
    },
    "wiki-gan": {
        "title": "Generative adversarial network",
        "url": "https://en.wikipedia.org/wiki/Generative_adversarial_network",
    },
    "stylegan": {
        "title": "A Style-Based Generator Architecture for Generative Adversarial Networks",
        "url": "https://arxiv.org/abs/1812.04948",
    },
    "improved-gan": {
        "title": "Improved Techniques for Training GANs",
        "url": "https://arxiv.org/abs/1606.03498",
    },
    "wgan": {
        "title": "Wasserstein GAN",
        "url": "https://arxiv.org/abs/1701.07875",
    },
    "vae": {
        "title": "Auto-Encoding Variational Bayes",
        "url": "https://arxiv.org/abs/1312.6114",
    },
    "vae-intro": {
        "title": "An Introduction to Variational Autoencoders",
        "url": "https://arxiv.org/abs/1906.02691",
    },
    "wiki-vae": {
        "title": "Variational autoencoder",
        "url": "https://en.wikipedia.org/wiki/Variational_autoencoder",
    },
    "ddpm": {
        "title": "Denoising Diffusion Probabilistic Models",
        "url": "https://arxiv.org/abs/2006.11239",
    },
    "ddim": {
        "title": "Denoising Diffusion Implicit Models",
        "url": "https://arxiv.org/abs/2010.02502",
    },
    "ldm": {
        "title": "High-Resolution Image Synthesis with Latent Diffusion Models",
        "url": "https://arxiv.org/abs/2112.10752",
    },
    "laion": {
        "title": (
            "LAION-5B: An open large-scale dataset for training next generation image-text "
            "models"
        ),
        "url": "https://arxiv.org/abs/2210.08402",
    },
    "diffusion-extract": {
        "title": "Extracting Training Data from Diffusion Models",
        "url": "https://arxiv.org/abs/2301.13188",
    },
    "wiki-diffusion": {
        "title": "Diffusion model",
        "url": "https://en.wikipedia.org/wiki/Diffusion_model",
    },
    "bert": {
        "title": (
            "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
        ),
        "url": "https://arxiv.org/abs/1810.04805",
    },
    "wiki-bert": {
        "title": "BERT (language model)",
        "url": "https://en.wikipedia.org/wiki/BERT_(language_model)",
    },
    "sbert": {
        "title": "Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks",
        "url": "https://arxiv.org/abs/1908.10084",
    },
    "rag": {
        "title": "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
        "url": "https://arxiv.org/abs/2005.11401",
    },
    "dpr": {
        "title": "Dense Passage Retrieval for Open-Domain Question Answering",
        "url": "https://arxiv.org/abs/2004.04906",
    },
    "lost-in-middle": {
        "title": "Lost in the Middle: How Language Models Use Long Contexts",
        "url": "https://arxiv.org/abs/2307.03172",
    },
    "wiki-rag": {
        "title": "Retrieval-augmented generation",
        "url": "https://en.wikipedia.org/wiki/Retrieval-augmented_generation",
    },
}


def _src(*keys):
    return [dict(_S[key]) for key in keys]


FACTS = {
    # Machine learning
    ("machine-learning", "purpose"): {
        "value": "Learn to predict from examples",
        "text": (
            "To let computers carry out tasks such as prediction, classification and ranking "
            "by learning patterns from examples instead of following hand-written rules."
        ),
        "sources": _src("wiki-ml"),
        "months_ago": 3,
    },
    ("machine-learning", "architecture"): {
        "value": "Many model types",
        "text": (
            "Not one architecture but many model types, from linear regression and decision "
            "trees to support vector machines and neural networks, each fitted to data by an "
            "optimisation procedure."
        ),
        "sources": _src("wiki-ml"),
        "months_ago": 3,
    },
    ("machine-learning", "training-data"): {
        "value": "Labelled, unlabelled or rewards",
        "text": (
            "Depends on the style: supervised learning needs labelled examples, unsupervised "
            "learning uses unlabelled data, and reinforcement learning learns from rewards "
            "gathered by acting in an environment."
        ),
        "sources": _src("wiki-ml", "wiki-supervised"),
        "months_ago": 14,
    },
    ("machine-learning", "typical-outputs"): {
        "value": "Predictions: labels, numbers, rankings",
        "text": (
            "Predictions such as a category label, a number, a probability, a ranked list, or "
            "a grouping of similar items."
        ),
        "sources": _src("wiki-ml"),
        "months_ago": 3,
    },
    ("machine-learning", "applications"): {
        "value": "Spam filters, fraud checks, recommendations",
        "text": (
            "Spam filtering, fraud detection, product recommendations, demand forecasting, "
            "credit scoring and search ranking are long-standing examples."
        ),
        "sources": _src("wiki-ml"),
        "months_ago": 5,
    },
    ("machine-learning", "limitations"): {
        "value": "Only as good as its data",
        "text": (
            "A model is only as good as its data: it can overfit, fail on cases unlike its "
            "training examples, and reproduce biases found in historical records."
        ),
        "sources": _src("wiki-ml", "wiki-overfitting"),
        "months_ago": 5,
    },
    # Deep learning
    ("deep-learning", "purpose"): {
        "value": "Learn features from raw data",
        "text": (
            "To learn layered representations directly from raw data such as pixels, audio or "
            "text, removing much of the need for hand-designed features."
        ),
        "sources": _src("nature-dl", "dl-book"),
        "months_ago": 2,
    },
    ("deep-learning", "architecture"): {
        "value": "Neural networks with many layers",
        "text": (
            "Neural networks with many stacked layers; common designs include convolutional "
            "networks for images, recurrent networks for sequences, and transformers for "
            "language and increasingly other data."
        ),
        "sources": _src("dl-book", "wiki-dl"),
        "months_ago": 2,
    },
    ("deep-learning", "training-data"): {
        "value": "Large datasets, labelled or not",
        "text": (
            "Usually large datasets, often millions of examples, either labelled for "
            "supervised tasks or unlabelled for self-supervised pre-training; results "
            "generally improve with more data and compute."
        ),
        "sources": _src("nature-dl"),
        "months_ago": 6,
    },
    ("deep-learning", "typical-outputs"): {
        "value": "Labels, transcripts, translations, new content",
        "text": (
            "Whatever the task calls for: labels for images, transcripts of speech, "
            "translations, embeddings, or newly generated text and images."
        ),
        "sources": _src("wiki-dl"),
        "months_ago": 6,
    },
    ("deep-learning", "applications"): {
        "value": "Vision, speech, translation, generative AI",
        "text": (
            "Image and speech recognition, machine translation, medical image analysis, "
            "perception in driver-assistance systems, and the generative models behind "
            "chatbots and image generators."
        ),
        "sources": _src("nature-dl", "wiki-dl"),
        "months_ago": 4,
    },
    ("deep-learning", "limitations"): {
        "value": "Data-hungry, costly and opaque",
        "text": (
            "Needs substantial data and computing power, is hard to interpret, and can be "
            "fooled by tiny, deliberately crafted input changes known as adversarial "
            "examples."
        ),
        "sources": _src("adversarial", "wiki-dl"),
        "months_ago": 17,
    },
    # Neural network
    ("neural-network", "purpose"): {
        "value": "Learn input–output mappings from data",
        "text": (
            "To model complex relationships between inputs and outputs by adjusting many "
            "connection weights from data; a large enough network can approximate a very "
            "wide range of functions."
        ),
        "sources": _src("wiki-nn", "dl-book"),
        "months_ago": 7,
    },
    ("neural-network", "architecture"): {
        "value": "Layers of weighted units",
        "text": (
            "Layers of units, each computing a weighted sum of its inputs followed by a "
            "non-linear activation; the weights are learned with backpropagation and "
            "gradient descent."
        ),
        "sources": _src("dl-book", "wiki-backprop"),
        "months_ago": 7,
    },
    ("neural-network", "training-data"): {
        "value": "Thousands to billions of examples",
        "text": (
            "Examples paired with a training objective, labelled or self-supervised; a small "
            "network may learn from thousands of examples, while very large ones are trained "
            "on billions."
        ),
        "sources": _src("wiki-nn"),
        "months_ago": 8,
    },
    ("neural-network", "typical-outputs"): {
        "value": "Numbers: scores, predictions, vectors",
        "text": (
            "Numbers from the output layer, read as class probabilities, predicted values, "
            "embedding vectors or, in generative models, new data."
        ),
        "sources": _src("dl-book"),
        "months_ago": 8,
    },
    ("neural-network", "applications"): {
        "value": "Vision, speech, language, recommendations",
        "text": (
            "Used across vision, speech, language, recommendation and control; neural "
            "networks are the building block of deep learning and of almost all current "
            "generative AI."
        ),
        "sources": _src("wiki-nn"),
        "months_ago": 2,
    },
    ("neural-network", "limitations"): {
        "value": "Opaque; can overfit small datasets",
        "text": (
            "Largely opaque, because what they learn is spread across many weights; they can "
            "also overfit small datasets and need careful choices of size, learning rate and "
            "regularisation."
        ),
        "sources": _src("dl-book", "wiki-nn"),
        "months_ago": 2,
    },
    # Generative AI
    ("generative-ai", "purpose"): {
        "value": "Generate new content",
        "text": (
            "To produce new content, such as text, images, audio, video or code, usually in "
            "response to a prompt from a person."
        ),
        "sources": _src("wiki-genai"),
        "months_ago": 1,
    },
    ("generative-ai", "architecture"): {
        "value": "Several model families",
        "text": (
            "An umbrella for several model families, chiefly transformer-based language "
            "models, diffusion models, GANs and VAEs, which products often combine."
        ),
        "sources": _src("wiki-genai"),
        "months_ago": 1,
    },
    ("generative-ai", "training-data"): {
        "value": "Large collections of existing content",
        "text": (
            "Large collections of existing content, such as web text, books, code and "
            "captioned images, gathered at scale and used with little manual labelling."
        ),
        "sources": _src("wiki-genai", "foundation-models"),
        "months_ago": 4,
    },
    ("generative-ai", "typical-outputs"): {
        "value": "Text, images, audio, video and code",
        "text": (
            "Drafted text and chat replies, images, synthetic speech, music, short video "
            "clips and source code."
        ),
        "sources": _src("wiki-genai"),
        "months_ago": 1,
    },
    ("generative-ai", "applications"): {
        "value": "Writing, chat, coding help, images",
        "text": (
            "Writing and summarising, customer support chat, coding assistance, design "
            "mock-ups, marketing images and synthetic data for testing."
        ),
        "sources": _src("wiki-genai"),
        "months_ago": 3,
    },
    ("generative-ai", "limitations"): {
        "value": "Can be fluent but wrong",
        "text": (
            "Outputs can be fluent but false and can reflect biases in the training data; "
            "there are open copyright and consent questions, and the tools can be misused "
            "for deepfakes and disinformation."
        ),
        "sources": _src("wiki-genai", "wiki-hallucination"),
        "months_ago": 3,
    },
    # Large language model
    ("large-language-model", "purpose"): {
        "value": "Generate and work with text",
        "text": (
            "To model language well enough to continue, answer, summarise, translate or "
            "rewrite text, and to follow instructions given in plain language."
        ),
        "sources": _src("gpt3", "wiki-llm"),
        "months_ago": 1,
    },
    ("large-language-model", "architecture"): {
        "value": "Decoder-only transformer",
        "text": (
            "Usually a decoder-only transformer with billions of parameters that predicts "
            "each next token from the tokens before it, using masked self-attention."
        ),
        "sources": _src("gpt3", "aiayn"),
        "months_ago": 1,
    },
    ("large-language-model", "training-data"): {
        "value": "Unlabelled text, then fine-tuning",
        "text": (
            "Pre-trained on hundreds of billions to trillions of tokens of text and code, "
            "then usually fine-tuned on instruction examples and human preference "
            "judgements."
        ),
        "sources": _src("gpt3", "instructgpt"),
        "months_ago": 2,
    },
    ("large-language-model", "typical-outputs"): {
        "value": "Text, including code",
        "text": (
            "Text generated one token at a time: answers, summaries, translations, code, or "
            "structured data such as JSON."
        ),
        "sources": _src("wiki-llm"),
        "months_ago": 2,
    },
    ("large-language-model", "applications"): {
        "value": "Chat, drafting, coding help, summaries",
        "text": (
            "Chat assistants, drafting and editing, coding assistants, document "
            "summarisation, customer support and extracting information from text."
        ),
        "sources": _src("wiki-llm"),
        "months_ago": 1,
    },
    ("large-language-model", "limitations"): {
        "value": "Can be fluent but wrong",
        "text": (
            "Can state falsehoods confidently, has a fixed knowledge cut-off, is sensitive to "
            "how prompts are worded, and is costly to train and run at scale."
        ),
        "sources": _src("wiki-hallucination", "wiki-llm"),
        "months_ago": 1,
    },
    # Transformer
    ("transformer", "purpose"): {
        "value": "Model sequences in parallel",
        "text": (
            "To model sequences, originally for machine translation, in a way that captures "
            "long-range relationships and can be trained in parallel."
        ),
        "sources": _src("aiayn"),
        "months_ago": 5,
    },
    ("transformer", "architecture"): {
        "value": "Self-attention and feed-forward layers",
        "text": (
            "Stacked layers that pair multi-head self-attention with a feed-forward network, "
            "plus residual connections, layer normalisation and positional encodings; the "
            "original had encoder and decoder stacks."
        ),
        "sources": _src("aiayn"),
        "months_ago": 5,
    },
    ("transformer", "training-data"): {
        "value": "Depends on the task; often unlabelled",
        "text": (
            "No fixed requirement: the original model learned from about 4.5 million "
            "English-German sentence pairs, while modern transformers are pre-trained on "
            "vast unlabelled text, images or audio."
        ),
        "sources": _src("aiayn"),
        "months_ago": 19,
    },
    ("transformer", "typical-outputs"): {
        "value": "A context-aware vector per token",
        "text": (
            "A context-aware vector for every input token, which a task-specific head turns "
            "into translations, next-token predictions, class labels or embeddings."
        ),
        "sources": _src("aiayn"),
        "months_ago": 5,
    },
    ("transformer", "applications"): {
        "value": "LLMs, BERT, translation, vision",
        "text": (
            "The basis of large language models and BERT-style encoders, and widely used in "
            "machine translation, speech recognition and image classification through "
            "vision transformers."
        ),
        "sources": _src("bert", "vit"),
        "months_ago": 6,
    },
    ("transformer", "limitations"): {
        "value": "Cost grows with the square of input length",
        "text": (
            "Standard self-attention costs grow with the square of the sequence length, "
            "which limits context size and makes long inputs expensive; large models also "
            "need heavy compute."
        ),
        "sources": _src("aiayn"),
        "months_ago": 6,
    },
    # Attention mechanism
    ("attention-mechanism", "purpose"): {
        "value": "Focus on the relevant parts of the input",
        "text": (
            "To let a model focus on the most relevant parts of its input for each output it "
            "computes, instead of squeezing everything into one fixed-size summary."
        ),
        "sources": _src("bahdanau", "wiki-attention"),
        "months_ago": 8,
    },
    ("attention-mechanism", "architecture"): {
        "value": "Queries, keys and values",
        "text": (
            "Queries are compared with keys to give scores, a softmax turns the scores into "
            "weights, and the output is the weighted sum of values; multi-head attention "
            "runs several of these in parallel."
        ),
        "sources": _src("aiayn"),
        "months_ago": 8,
    },
    ("attention-mechanism", "training-data"): {
        "value": "None of its own",
        "text": (
            "None of its own: attention is a component whose query, key and value "
            "projections are learned together with the rest of the network it sits in."
        ),
        "sources": _src("wiki-attention"),
        "months_ago": 9,
    },
    ("attention-mechanism", "typical-outputs"): {
        "value": "A context-aware vector per token",
        "text": (
            "A new, context-aware vector for each position, plus attention weights showing "
            "how much each position drew on the others."
        ),
        "sources": _src("aiayn"),
        "months_ago": 9,
    },
    ("attention-mechanism", "applications"): {
        "value": "Transformers, translation, image captions",
        "text": (
            "Central to transformers, and so to LLMs and BERT-style encoders; also used in "
            "machine translation, image captioning, and cross-attention that lets diffusion "
            "models follow text prompts."
        ),
        "sources": _src("wiki-attention", "ldm"),
        "months_ago": 4,
    },
    ("attention-mechanism", "limitations"): {
        "value": "Cost grows with the square of input length",
        "text": (
            "Full self-attention scales quadratically with input length, and attention "
            "weights offer at best a partial explanation of why a model produced a given "
            "output."
        ),
        "sources": _src("aiayn", "attention-not-explanation"),
        "months_ago": 15,
    },
    # Generative adversarial network
    ("generative-adversarial-network", "purpose"): {
        "value": "Generate realistic new samples",
        "text": (
            "To generate new samples, most often images, that are hard to tell apart from "
            "real data, by learning the data distribution implicitly."
        ),
        "sources": _src("gan"),
        "months_ago": 6,
    },
    ("generative-adversarial-network", "architecture"): {
        "value": "A generator against a discriminator",
        "text": (
            "Two networks: a generator that maps random noise to a sample, and a "
            "discriminator that judges whether a sample is real or generated, trained "
            "together as opponents."
        ),
        "sources": _src("gan"),
        "months_ago": 2,
    },
    ("generative-adversarial-network", "training-data"): {
        "value": "Unlabelled examples",
        "text": (
            "Unlabelled examples of the target domain, such as the 70,000 face photos in "
            "StyleGAN's FFHQ dataset; conditional GANs also use labels or paired images to "
            "steer the output."
        ),
        "sources": _src("stylegan", "wiki-gan"),
        "months_ago": 6,
    },
    ("generative-adversarial-network", "typical-outputs"): {
        "value": "Mostly images",
        "text": (
            "Images produced in a single generator pass, such as faces, textures, upscaled "
            "photos and image-to-image translations; GANs have also been applied to audio "
            "and tabular data."
        ),
        "sources": _src("wiki-gan"),
        "months_ago": 7,
    },
    ("generative-adversarial-network", "applications"): {
        "value": "Upscaling, photo editing, synthetic data",
        "text": (
            "Super-resolution, photo editing, style transfer, synthetic training data and, "
            "controversially, face-swapping deepfakes."
        ),
        "sources": _src("wiki-gan"),
        "months_ago": 7,
    },
    ("generative-adversarial-network", "limitations"): {
        "value": "Unstable training, less variety",
        "text": (
            "Training is unstable and prone to mode collapse, where output variety shrinks; "
            "GANs also give no direct likelihood, which makes them hard to evaluate."
        ),
        "sources": _src("improved-gan", "wgan"),
        "months_ago": 13,
    },
    # Variational autoencoder
    ("variational-autoencoder", "purpose"): {
        "value": "Compress data and generate similar examples",
        "text": (
            "To learn a compact, smooth latent representation of data that supports both "
            "compression and the generation of new, similar examples."
        ),
        "sources": _src("vae", "vae-intro"),
        "months_ago": 10,
    },
    ("variational-autoencoder", "architecture"): {
        "value": "An encoder and a decoder around a latent space",
        "text": (
            "An encoder outputs the mean and variance of a latent distribution, a sample is "
            "drawn using the reparameterisation trick, and a decoder reconstructs the input "
            "from that sample."
        ),
        "sources": _src("vae"),
        "months_ago": 10,
    },
    ("variational-autoencoder", "training-data"): {
        "value": "Unlabelled examples",
        "text": (
            "Unlabelled examples; training maximises a lower bound on the data likelihood "
            "(the ELBO), balancing reconstruction quality against keeping latents close to a "
            "simple prior."
        ),
        "sources": _src("vae", "vae-intro"),
        "months_ago": 9,
    },
    ("variational-autoencoder", "typical-outputs"): {
        "value": "Samples, reconstructions and latent codes",
        "text": (
            "Reconstructions, newly sampled examples, smooth blends between examples, and "
            "latent vectors that serve as compact features."
        ),
        "sources": _src("wiki-vae"),
        "months_ago": 9,
    },
    ("variational-autoencoder", "applications"): {
        "value": "Anomaly detection, compression, molecules",
        "text": (
            "Anomaly detection through reconstruction error, representation learning, "
            "molecule design, and compressing images into the latent space used by latent "
            "diffusion models."
        ),
        "sources": _src("wiki-vae", "ldm"),
        "months_ago": 4,
    },
    ("variational-autoencoder", "limitations"): {
        "value": "Blurrier samples than GANs or diffusion",
        "text": (
            "Samples are often blurrier than those of GANs or diffusion models, and with a "
            "very powerful decoder the latent code can be largely ignored, a problem known "
            "as posterior collapse."
        ),
        "sources": _src("vae-intro", "wiki-vae"),
        "months_ago": 4,
    },
    # Diffusion model
    ("diffusion-model", "purpose"): {
        "value": "Generate realistic new samples",
        "text": (
            "To generate high-quality, varied samples, especially images, by learning to "
            "reverse a process that gradually corrupts data with noise."
        ),
        "sources": _src("ddpm", "wiki-diffusion"),
        "months_ago": 3,
    },
    ("diffusion-model", "architecture"): {
        "value": "A denoising network run over many steps",
        "text": (
            "A denoising network, often a U-Net or a transformer, predicts the noise in a "
            "sample at each step; latent diffusion runs it on compressed VAE codes and uses "
            "cross-attention to follow text."
        ),
        "sources": _src("ddpm", "ldm"),
        "months_ago": 3,
    },
    ("diffusion-model", "training-data"): {
        "value": "Unlabelled examples",
        "text": (
            "Unlabelled images, or image-caption pairs for text-to-image models; open "
            "text-to-image models have been trained on subsets of web-scale collections such "
            "as LAION-5B, with billions of pairs."
        ),
        "sources": _src("laion", "ldm"),
        "months_ago": 5,
    },
    ("diffusion-model", "typical-outputs"): {
        "value": "Mostly images",
        "text": (
            "Images from text prompts, edited and in-painted images, upscaled images, and "
            "increasingly audio and video clips."
        ),
        "sources": _src("wiki-diffusion"),
        "months_ago": 2,
    },
    ("diffusion-model", "applications"): {
        "value": "Text-to-image, image editing, video",
        "text": (
            "Text-to-image tools, image editing and in-painting, concept art and design, "
            "video generation, and research into protein and molecule design."
        ),
        "sources": _src("wiki-diffusion", "ldm"),
        "months_ago": 2,
    },
    ("diffusion-model", "limitations"): {
        "value": "Slow, many-step sampling",
        "text": (
            "Sampling is slow because it takes many denoising steps, though faster samplers "
            "help; models can also reproduce some training images closely, raising privacy "
            "and copyright concerns."
        ),
        "sources": _src("ddim", "diffusion-extract"),
        "months_ago": 3,
    },
    # BERT-style encoder
    ("bert-style-encoder", "purpose"): {
        "value": "Understand text",
        "text": (
            "To produce context-aware representations of text that can be fine-tuned for "
            "understanding tasks such as classification, entity recognition and question "
            "answering."
        ),
        "sources": _src("bert"),
        "months_ago": 7,
    },
    ("bert-style-encoder", "architecture"): {
        "value": "Transformer encoder that reads both ways",
        "text": (
            "A stack of transformer encoder layers with bidirectional self-attention; "
            "BERT-Base has 12 layers and 110 million parameters, BERT-Large 24 layers and "
            "340 million."
        ),
        "sources": _src("bert"),
        "months_ago": 7,
    },
    ("bert-style-encoder", "training-data"): {
        "value": "Unlabelled text, then fine-tuning",
        "text": (
            "Pre-trained on unlabelled text with masked language modelling; the original "
            "used BooksCorpus and English Wikipedia, about 3.3 billion words, then small "
            "labelled sets for each task."
        ),
        "sources": _src("bert"),
        "months_ago": 8,
    },
    ("bert-style-encoder", "typical-outputs"): {
        "value": "Vectors, not free text",
        "text": (
            "Vectors for each token and for the whole input, which feed a classifier, tagger "
            "or answer-span selector; it does not generate free-form text."
        ),
        "sources": _src("bert", "wiki-bert"),
        "months_ago": 8,
    },
    ("bert-style-encoder", "applications"): {
        "value": "Search, classification, embeddings",
        "text": (
            "Search ranking, sentiment analysis, content moderation, named-entity "
            "recognition, and sentence embeddings for semantic search and the retrieval step "
            "of RAG."
        ),
        "sources": _src("wiki-bert", "sbert"),
        "months_ago": 14,
    },
    ("bert-style-encoder", "limitations"): {
        "value": "Short inputs; fine-tuning for each task",
        "text": (
            "Input length is limited, to 512 tokens for the original BERT, and each task "
            "needs fine-tuning; it cannot write open-ended text the way a generative LLM "
            "can."
        ),
        "sources": _src("bert"),
        "months_ago": 8,
    },
    # Retrieval-augmented generation
    ("retrieval-augmented-generation", "purpose"): {
        "value": "Ground answers in chosen documents",
        "text": (
            "To ground a language model's answers in specific, current or private documents "
            "without retraining it, and to make the sources of an answer traceable."
        ),
        "sources": _src("rag", "wiki-rag"),
        "months_ago": 1,
    },
    ("retrieval-augmented-generation", "architecture"): {
        "value": "A retriever plus a generator",
        "text": (
            "A retriever, usually an embedding model with a vector or keyword index, finds "
            "relevant passages; a generator, typically an LLM, writes the answer using them "
            "as context."
        ),
        "sources": _src("rag", "dpr"),
        "months_ago": 1,
    },
    ("retrieval-augmented-generation", "training-data"): {
        "value": "Usually none beyond its models",
        "text": (
            "Often none beyond the pre-trained models, since knowledge lives in a document "
            "collection that can be updated at any time; the original RAG paper fine-tuned "
            "the query encoder and generator together."
        ),
        "sources": _src("rag"),
        "months_ago": 2,
    },
    ("retrieval-augmented-generation", "typical-outputs"): {
        "value": "Answers with citations",
        "text": (
            "Natural-language answers, ideally with citations or links to the passages they "
            "were based on."
        ),
        "sources": _src("wiki-rag"),
        "months_ago": 2,
    },
    ("retrieval-augmented-generation", "applications"): {
        "value": "Knowledge-base assistants, support bots",
        "text": (
            "Internal knowledge-base assistants, customer support bots, documentation "
            "search, policy and legal question answering, and research tools."
        ),
        "sources": _src("wiki-rag"),
        "months_ago": 1,
    },
    ("retrieval-augmented-generation", "limitations"): {
        "value": "Only as good as what it retrieves",
        "text": (
            "Answers are only as good as what is retrieved; poor chunking or search supplies "
            "the wrong context, and models may misstate passages or overlook details buried "
            "in long contexts."
        ),
        "sources": _src("lost-in-middle", "wiki-rag"),
        "months_ago": 1,
    },
}

COMPARISONS = [
    {
        "slug": "generative-ai-vs-large-language-model",
        "title": "Generative AI vs LLMs: are they the same?",
        "concepts": ["generative-ai", "large-language-model"],
        "dimensions": ["purpose", "architecture", "typical-outputs", "applications", "limitations"],
        "introduction": (
            "The two terms are often used as if they meant the same thing, largely because "
            "the best-known generative AI products are chatbots, and chatbots run on large "
            "language models. But the terms sit at different levels.\n\n"
            "**Generative AI** is a broad category: any AI system that produces new content, "
            "whether that is text, images, music, speech, video or code. **A large language "
            "model** is one specific kind of model inside that category, trained on text to "
            "predict the next token. Image generators built on diffusion models are "
            "generative AI but are not LLMs. This comparison sets the two side by side so "
            "you can see where they overlap and where the broader term covers much more."
        ),
        "similarities": (
            "- Both create new content rather than only classifying or predicting.\n"
            "- Both rely on deep neural networks trained on very large datasets.\n"
            "- Both can produce fluent output that is nevertheless wrong, so results need "
            "checking.\n"
            "- Both raise questions about training data, including copyright and consent."
        ),
        "verdict": (
            "No. Every LLM is a form of generative AI, but generative AI also includes "
            "models that create images, audio and video, such as diffusion models and GANs. "
            "Use \"LLM\" when you mean a text model specifically, and \"generative AI\" for "
            "the whole family."
        ),
        "featured": True,
    },
    {
        "slug": "generative-adversarial-network-vs-variational-autoencoder",
        "title": "GANs vs VAEs: two classic ways to generate data",
        "concepts": ["generative-adversarial-network", "variational-autoencoder"],
        "dimensions": [
            "purpose",
            "architecture",
            "training-data",
            "typical-outputs",
            "applications",
            "limitations",
        ],
        "introduction": (
            "Generative adversarial networks and variational autoencoders appeared within a "
            "year of each other, in 2014 and 2013, and for several years they were the two "
            "main ways to make a neural network generate images. Both turn random numbers "
            "into new examples, and both are trained on unlabelled data, so they are easy to "
            "mix up.\n\n"
            "They learn in very different ways, though. A GAN trains a generator against a "
            "discriminator that tries to catch its fakes. A VAE learns to compress each "
            "example into a smooth latent space and rebuild it. Those choices explain their "
            "typical trade-off: GANs tend to give sharper images but are harder to train, "
            "while VAEs train reliably but give softer results."
        ),
        "similarities": (
            "- Both are generative models built from neural networks.\n"
            "- Both generate a new example by transforming a random vector from a simple "
            "distribution.\n"
            "- Both learn from unlabelled examples of the data they should imitate.\n"
            "- For high-quality image generation, both have largely been overtaken by "
            "diffusion models."
        ),
        "verdict": (
            "Choose a GAN when you need sharp, realistic samples quickly and can afford "
            "careful tuning. Choose a VAE when you want stable training, a meaningful latent "
            "space to explore or measure, or a compressor for a larger system. Many modern "
            "image generators use a VAE as one of their parts."
        ),
        "featured": True,
    },
    {
        "slug": "diffusion-model-vs-generative-adversarial-network",
        "title": "Diffusion models vs GANs: why image generation changed course",
        "concepts": ["diffusion-model", "generative-adversarial-network"],
        "dimensions": [
            "architecture",
            "training-data",
            "typical-outputs",
            "applications",
            "limitations",
        ],
        "introduction": (
            "For most of the 2010s, the most realistic generated images came from generative "
            "adversarial networks. Around 2021 that changed: diffusion models began to match "
            "and then beat GANs on standard image benchmarks, and they now power most "
            "text-to-image tools.\n\n"
            "Both produce images from random noise, but they get there differently. A GAN's "
            "generator makes an image in a single step and learns by trying to fool a "
            "discriminator. A diffusion model removes noise gradually over many small steps, "
            "having learned how to undo noise added to real images. This comparison shows "
            "what each approach gains and gives up, and why GANs are still used where speed "
            "matters most."
        ),
        "similarities": (
            "- Both are generative models that turn random noise into realistic images.\n"
            "- Both are trained on large collections of example images, without needing "
            "labels.\n"
            "- Both can be conditioned on extra input, such as a class, an image or a text "
            "prompt.\n"
            "- Both raise concerns about deepfakes and about the images they were trained on."
        ),
        "verdict": (
            "For most image generation today, diffusion models are the default: they train "
            "more stably, follow text prompts well and cover a wider variety of outputs. "
            "GANs still win on speed, producing an image in one pass, which keeps them "
            "useful for real-time tasks such as upscaling."
        ),
        "featured": True,
    },
    {
        "slug": "bert-style-encoder-vs-large-language-model",
        "title": "LLMs vs BERT-style encoders: generating text vs understanding it",
        "concepts": ["large-language-model", "bert-style-encoder"],
        "dimensions": [
            "purpose",
            "architecture",
            "training-data",
            "typical-outputs",
            "applications",
            "limitations",
        ],
        "introduction": (
            "BERT and the GPT family of models both grew out of the 2017 transformer paper, "
            "both are pre-trained on large amounts of unlabelled text, and both are often "
            "described simply as \"language models\". Yet they are built for different "
            "jobs.\n\n"
            "A **BERT-style encoder** reads a whole passage at once, looking both left and "
            "right, and turns it into vectors that capture meaning. It is fine-tuned for "
            "tasks such as classification and search, and it does not write text. A **large "
            "language model** reads left to right and is trained to predict the next token, "
            "which makes it a text generator that can be steered with a prompt. Knowing the "
            "difference helps in choosing the right, and often cheaper, tool."
        ),
        "similarities": (
            "- Both are built from transformer layers using self-attention.\n"
            "- Both are pre-trained on large amounts of unlabelled text before being adapted "
            "to tasks.\n"
            "- Both learn representations of words that depend on their context.\n"
            "- They often work together, for example in retrieval-augmented generation."
        ),
        "verdict": (
            "Use a BERT-style encoder when you need to classify, tag, match or search text "
            "quickly and cheaply at scale. Use an LLM when you need to generate or rewrite "
            "text, or handle many tasks from instructions alone. In a RAG system you often "
            "need both: an encoder to find the passages and an LLM to write the answer."
        ),
        "featured": False,
    },
]
