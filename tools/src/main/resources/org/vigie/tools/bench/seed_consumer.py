"""The seed page's consumer (../shared/seed: "Code du consumer"), for a throughput comparison only.

As the page writes it: kafka-python's KafkaConsumer assigned to one partition, each value decoded from UTF-8,
a window of 21 values, the record list pickled to a file again after every value, with the page's detection
function (which the page leaves out) written as its imports say: scikit-learn's DBSCAN or IsolationForest
fitted, at their defaults, on a DataFrame of the window, the value an anomaly when labelled -1. Two changes,
so that it can be timed: it reads the partition from its start instead of seeking to its end after every
value (which skips values), and it stops after --count values, printing the values/s from the first.

usage: seed_consumer.py BOOTSTRAP TOPIC dbscan|iforest COUNT WORKDIR
"""
import os
import pickle
import sys
import time

import pandas as pd
from kafka import KafkaConsumer
from kafka.structs import TopicPartition
from sklearn.cluster import DBSCAN
from sklearn.ensemble import IsolationForest

bootstrap, topic_name, algorithm, count, workdir = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
save = os.path.join(workdir, "saveLISTEDONNEE_" + algorithm.upper() + ".txt")
listeDonnee = []
pickle.dump(listeDonnee, open(save, "wb"))


def convert_list_database(liste):
    tableau = []
    for i in range(len(liste) - 1):
        tableau.append(liste[i])
    return pd.DataFrame(tableau, columns=['c1'])


def detectionAnomaly(file, taille_File):
    data = convert_list_database(file + [None])  # the page's helper leaves out the last element
    data['c1'] = data['c1'].astype(float)
    if algorithm == "dbscan":
        labels = DBSCAN().fit_predict(data)
    else:
        labels = IsolationForest().fit_predict(data)
    return -1 if labels[-1] == -1 else 1


topic = TopicPartition(topic_name, 0)
# consumer_timeout_ms: the loop ends if no value comes for a minute (a topic shorter than asked), instead of waiting for ever
consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=60000)
consumer.assign([topic])
consumer.seek_to_beginning(topic)
taille_File = 20 + 1
file = []
seen = 0
start = None
for msg in consumer:
    if start is None:
        start = time.time()
    msg = msg.value.decode("utf-8")
    if len(file) > taille_File:
        file.append(msg)
        file.pop(0)
        etat = detectionAnomaly(file, taille_File)
    else:
        file.append(msg)
        etat = 2
    temps = time.time()
    donnee = (msg, temps, etat)
    listeDonnee = pickle.load(open(save, "rb"))
    listeDonnee.append(donnee)
    pickle.dump(listeDonnee, open(save, "wb"))
    seen += 1
    if seen == count:
        break
if start is None:
    sys.exit("no value on the topic")
elapsed = time.time() - start
consumer.close()
print("%d %.6f" % (seen, elapsed))
