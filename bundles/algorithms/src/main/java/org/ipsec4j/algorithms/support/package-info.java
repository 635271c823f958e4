/**
 * Pieces every algorithm provider bundle needs: the {@code AlgorithmProvider} service object, the registration of one
 * service per algorithm with its ranking from ConfigAdmin, the base of keyed contexts and the null algorithms. Not
 * exported: provider bundles copy this package into themselves with bnd's {@code -conditionalpackage}.
 */
package org.ipsec4j.algorithms.support;
