/**
 * @llm/objectives — Training objectives behind one small interface: causal LM, masked LM (15 %, 80/10/10), seq2seq with T5 span corruption.
 *
 * For now it holds the `Objective` interface the trainer calls (a type: nothing at run
 * time); the built-in objectives land with issue #7.
 *
 *   import type { Objective } from '@llm/objectives';
 */
export type { Objective, ObjectiveBatch, ObjectiveExample, ObjectiveModel } from './objective.js';
