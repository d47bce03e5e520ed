/**
 * @llm/objectives — Training objectives behind one small interface: causal LM, masked LM (15 %, 80/10/10), seq2seq with T5 span corruption.
 *
 * Not built yet: see README.md for the scope. It exports nothing until it does, so
 * nobody builds on a placeholder.
 */
export {};
